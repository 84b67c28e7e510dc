//! The region: the texts the councils of a region (H9) write together. Joining the region's
//! folder, sharing a section A with the region or taking a regional text into an advice,
//! proposals and their decisions, what a council adopted of a text (frozen at the adoption
//! step, compared with the text as it reads now), the regional overview, and the round that
//! carries regional documents through the region's folder.
//!
//! Only regional documents reach the region's folder; of a council the region learns its name
//! and municipality (as the council gives them when joining), the municipality's reference of
//! the linked request, its dates and its adoption. Never a member's name: changes are signed
//! with the council's id and a random token per member.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use advieswerk_sync::folder::{self, FileKind, Payload, Refusal, Space};
use advieswerk_sync::key::{self, Cost};
use advieswerk_sync::regional::{COUNCILS, META, META_ID, MarkKind, PROPOSALS, ProposalState};
use advieswerk_sync::replica::{Fields, Value};

use crate::advice;
use crate::diff;
use crate::error::{Error, Result};
use crate::status::{Status, Tenor};
use crate::store::Store;
use crate::store::advice::SectionRecord;
use crate::store::region::{LinkedSection, fingerprint};
use crate::store::sharing::{Docs, RemoteFile};

use super::sharing::{SNAPSHOT_EVERY, Sharing, files_to_read};

/// What a running app keeps of the region between rounds.
#[derive(Default)]
pub struct RegionRuntime {
    docs: Docs,
    space: Option<Space>,
    refusals: Vec<Refusal>,
    unreachable: Option<String>,
    failed: Option<String>,
}

/// The region as the Regio screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionStatus {
    pub joined: bool,
    pub folder: Option<String>,
    pub council_name: Option<String>,
    pub municipality: Option<String>,
    pub reachable: bool,
    pub last_round_at: Option<DateTime<Utc>>,
    pub refusals: Vec<String>,
    pub summary: String,
}

/// Making the region's folder gives the passphrase the other councils need.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionCreated {
    pub passphrase: String,
    pub status: RegionStatus,
}

/// A council's row for one regional text.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CouncilRow {
    pub council_name: String,
    pub municipality: String,
    pub reference: String,
    pub due_on: Option<NaiveDate>,
    pub meeting_on: Option<NaiveDate>,
    pub adopted_on: Option<NaiveDate>,
    /// The adopted version's fingerprint, and whether it is the text as it reads now.
    pub adopted_version: Option<String>,
    pub adopted_current: Option<bool>,
    pub adopted_tenor: Option<String>,
    pub sent_on: Option<NaiveDate>,
    pub reaction_on: Option<NaiveDate>,
    /// This council's own row.
    pub ours: bool,
    /// One line in Dutch: where this council stands.
    pub state: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalView {
    pub id: String,
    pub kind: String,
    pub kind_label: String,
    pub passage: String,
    pub words: String,
    pub reason: String,
    pub council_name: String,
    pub state: String,
    pub state_label: String,
    pub decided_by: Option<String>,
    /// Made by this council (it may withdraw it, not accept it).
    pub ours: bool,
}

/// A piece of the text with open proposals shown inline.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextPiece {
    pub text: String,
    /// `same`, `removed` (an open proposal's passage) or `added` (its new words).
    pub kind: String,
    pub proposal_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryItem {
    pub at: DateTime<Utc>,
    /// "ASD Delft", or "Anna de Boer (ASD Delft)" for this installation's own member.
    pub who: String,
    pub what: String,
}

/// This council's link to a text: which request and section.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OwnLink {
    pub request_id: String,
    pub section_id: String,
    pub subject: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionalTextView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub version: String,
    pub pieces: Vec<TextPiece>,
    pub proposals: Vec<ProposalView>,
    pub councils: Vec<CouncilRow>,
    pub history: Vec<HistoryItem>,
    pub links: Vec<OwnLink>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionalTextSummary {
    pub id: String,
    pub title: String,
    pub version: String,
    pub councils: u32,
    pub adopted: u32,
    pub open_proposals: u32,
    pub linked: bool,
}

/// The regional overview: per text, a row per council.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegionOverview {
    pub texts: Vec<OverviewText>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverviewText {
    pub id: String,
    pub title: String,
    pub version: String,
    pub councils: Vec<CouncilRow>,
    /// Councils that adopted a version other than the current one.
    pub older_versions: u32,
}

/// A proposal as a council makes it: a passage of the text as it reads (UTF-16 offsets, as
/// the editor counts), what should stand there instead, and why.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalInput {
    pub text_id: String,
    pub start: u32,
    pub end: u32,
    pub words: String,
    pub reason: String,
    /// The version the passage was chosen in: a text changed since is refused, not guessed at.
    pub version: String,
}

const MAX_NAME: usize = 120;
const MAX_REASON: usize = 2000;
const MAX_WORDS: usize = 20_000;

fn name_field(field: &str, value: &str, what: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::validation(field, format!("Vul {what} in.")));
    }
    if v.chars().count() > MAX_NAME {
        return Err(Error::validation(
            field,
            format!("Hooguit {MAX_NAME} tekens."),
        ));
    }
    Ok(v.to_owned())
}

fn folder_dir(folder: &Path) -> Result<&Path> {
    if folder.as_os_str().is_empty() {
        return Err(Error::validation("folder", "Kies een map."));
    }
    if !folder.is_dir() {
        return Err(Error::validation(
            "folder",
            format!(
                "De map {} bestaat niet of is niet bereikbaar.",
                folder.display()
            ),
        ));
    }
    Ok(folder)
}

fn not_joined() -> Error {
    Error::validation(
        "region",
        "Deze raad is nog niet aangesloten bij een regio. Sluit eerst aan onder Regio.",
    )
}

/// "Regio opzetten": makes the region's folder; its passphrase goes to the other councils.
pub fn create_region(
    store: &mut Store,
    sharing: &mut Sharing,
    folder: &Path,
    council_name: &str,
    municipality: &str,
) -> Result<RegionCreated> {
    if store.get_region()?.is_some() {
        return Err(Error::validation(
            "folder",
            "Deze raad is al aangesloten bij een regio.",
        ));
    }
    let name = name_field("councilName", council_name, "de naam van uw raad")?;
    let municipality = name_field("municipality", municipality, "uw gemeente")?;
    let folder = folder_dir(folder)?;
    store.council_id()?;
    let passphrase = key::new_passphrase()?;
    let space = Space::create(folder, &passphrase, sharing.cost().unwrap_or(Cost::DEFAULT))?;
    let started = store.insert_region(
        folder,
        &passphrase,
        &folder::new_device_id()?,
        &folder::new_device_id()?,
        &name,
        &municipality,
    );
    if let Err(e) = started {
        let _ = std::fs::remove_file(folder.join(folder::HEADER));
        return Err(e.into());
    }
    sharing.region.space = Some(space);
    region_round(store, sharing);
    Ok(RegionCreated {
        passphrase,
        status: region_status(store, sharing)?,
    })
}

/// "Aansluiten bij de regio": the folder the region shares and its passphrase, and the
/// council's name as the other councils will see it.
pub fn join_region(
    store: &mut Store,
    sharing: &mut Sharing,
    folder: &Path,
    passphrase: &str,
    council_name: &str,
    municipality: &str,
) -> Result<RegionStatus> {
    if store.get_region()?.is_some() {
        return Err(Error::validation(
            "folder",
            "Deze raad is al aangesloten bij een regio.",
        ));
    }
    let name = name_field("councilName", council_name, "de naam van uw raad")?;
    let municipality = name_field("municipality", municipality, "uw gemeente")?;
    let folder = folder_dir(folder)?;
    let passphrase = key::normalize_passphrase(passphrase)?;
    let space = Space::open(folder, &passphrase)?;
    store.council_id()?;
    store.insert_region(
        folder,
        &passphrase,
        &folder::new_device_id()?,
        &folder::new_device_id()?,
        &name,
        &municipality,
    )?;
    sharing.region.space = Some(space);
    region_round(store, sharing);
    region_status(store, sharing)
}

/// One regional round, run after the council's. A failure is kept for the status line: the
/// council's own work never waits on the region.
pub fn region_round(store: &mut Store, sharing: &mut Sharing) -> u64 {
    match round(store, &mut sharing.region) {
        Ok(n) => {
            sharing.region.failed = None;
            n
        }
        Err(e) => {
            sharing.region.docs = Docs::default();
            sharing.region.failed = Some(e.message_nl());
            0
        }
    }
}

fn round(store: &mut Store, rt: &mut RegionRuntime) -> Result<u64> {
    let Some(record) = store.get_region()? else {
        return Ok(0);
    };
    for l in store.list_linked_sections(None)? {
        reconcile_adoption(store, &l)?;
    }
    refresh_council_rows(store, None)?;
    if rt.space.is_none() {
        match Space::open(&record.folder, &record.passphrase) {
            Ok(s) => rt.space = Some(s),
            Err(advieswerk_sync::Error::Unreachable(e)) => {
                rt.unreachable = Some(e.to_string());
                return Ok(0);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let space = rt.space.clone().expect("opened above");
    let listing = match space.reachable().then(|| space.scan()) {
        Some(Ok(l)) => l,
        Some(Err(e)) => {
            rt.unreachable = Some(e.to_string());
            return Ok(0);
        }
        None => {
            rt.unreachable = Some("de map is weg (niet aangekoppeld of offline)".into());
            return Ok(0);
        }
    };
    rt.unreachable = None;
    let council = record.council_name.clone();
    let highest_own = listing
        .files
        .iter()
        .filter(|f| f.device == record.device_id)
        .map(|f| f.seq)
        .max()
        .unwrap_or(0);
    let mut seq = store.reserve_region_seq(highest_own + 1)?;
    let outgoing = store.unsent_regional_changes(&mut rt.docs)?;
    if !outgoing.is_empty() {
        let names: Vec<String> = outgoing.iter().map(|(n, _)| n.clone()).collect();
        let payload = Payload {
            member: council.clone(),
            docs: outgoing,
        };
        if let Err(e) = space.write(&record.device_id, seq, FileKind::Update, &payload) {
            rt.unreachable = Some(e.to_string());
            return Ok(0);
        }
        store.mark_region_sent(&mut rt.docs, &names, seq, false)?;
        seq += 1;
    }
    if record.since_snapshot + 1 >= SNAPSHOT_EVERY {
        let payload = Payload {
            member: council,
            docs: store.all_regional_changes(&mut rt.docs)?,
        };
        if space
            .write(&record.device_id, seq, FileKind::Snapshot, &payload)
            .is_ok()
        {
            store.mark_region_sent(&mut rt.docs, &[], seq, true)?;
        }
    }
    let seen = store.list_seen()?;
    let mut files = Vec::new();
    let mut refusals = Vec::new();
    for (reference, covered) in files_to_read(&listing.files, &seen) {
        match space.read(&reference) {
            Ok(p) => {
                for c in covered {
                    files.push(RemoteFile {
                        device: c.device.clone(),
                        seq: c.seq,
                        ..RemoteFile::default()
                    });
                }
                files.push(RemoteFile {
                    device: reference.device.clone(),
                    seq: reference.seq,
                    member: p.member,
                    docs: p.docs,
                });
            }
            Err(r) => refusals.push(r),
        }
    }
    let applied = store.apply_regional(&mut rt.docs, &files)?;
    for (device, seq, why) in applied.refused {
        refusals.push(Refusal {
            device,
            file: format!("{seq:010}"),
            reason: format!("bevat wijzigingen die niet te verwerken zijn ({why})"),
        });
    }
    for name in applied.unknown_docs {
        refusals.push(Refusal {
            device: String::new(),
            file: name,
            reason: "geen regionale tekst: de map van de regio draagt alleen regionale teksten"
                .into(),
        });
    }
    rt.refusals = refusals;
    rt.docs.trim();
    Ok(applied.projected as u64)
}

pub fn region_status(store: &Store, sharing: &Sharing) -> Result<RegionStatus> {
    let rt = &sharing.region;
    let Some(r) = store.get_region()? else {
        return Ok(RegionStatus {
            joined: false,
            folder: None,
            council_name: None,
            municipality: None,
            reachable: false,
            last_round_at: None,
            refusals: vec![],
            summary: "Niet aangesloten bij een regio.".into(),
        });
    };
    let last = r
        .last_round_at
        .as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc));
    let refusals: Vec<String> = rt
        .refusals
        .iter()
        .map(|x| {
            format!(
                "Een bestand in de map van de regio kon niet worden gelezen ({}): {}.",
                x.file, x.reason
            )
        })
        .collect();
    let summary = if let Some(f) = &rt.failed {
        format!("Regio: synchroniseren mislukt: {f}")
    } else if let Some(u) = &rt.unreachable {
        format!("Map van de regio niet bereikbaar ({u}); uw wijzigingen gaan later mee.")
    } else if let Some(x) = refusals.first() {
        x.clone()
    } else if let Some(at) = last {
        format!(
            "Regio gesynchroniseerd om {}.",
            at.with_timezone(&chrono::Local).format("%H:%M")
        )
    } else {
        "Regio: nog niet gesynchroniseerd.".into()
    };
    Ok(RegionStatus {
        joined: true,
        folder: Some(r.folder.display().to_string()),
        council_name: Some(r.council_name),
        municipality: Some(r.municipality),
        reachable: rt.unreachable.is_none(),
        last_round_at: last,
        refusals,
        summary,
    })
}

/// The region's passphrase again, for a council that joins later.
pub fn region_passphrase(store: &Store) -> Result<Option<String>> {
    Ok(store.get_region()?.map(|r| r.passphrase))
}

fn regional_section(store: &Store, section_id: &str) -> Result<SectionRecord> {
    let s = store.get_section(section_id)?;
    if s.removed {
        return Err(Error::NotFound {
            entity: "section",
            id: section_id.to_owned(),
        });
    }
    if advice::is_locked(store.get_request(&s.request_id)?.status) {
        return Err(Error::Locked);
    }
    Ok(s)
}

/// "Delen met de regio": a new regional text from a section of this council's advice, which
/// from now on follows it.
pub fn share_section(store: &mut Store, section_id: &str, title: &str) -> Result<RegionalTextView> {
    store.get_region()?.ok_or_else(not_joined)?;
    let section = regional_section(store, section_id)?;
    if store.get_linked_section(section_id)?.is_some() {
        return Err(Error::validation(
            "section",
            "Dit onderdeel volgt al een regionale tekst.",
        ));
    }
    let title = name_field("title", title, "een titel voor de regionale tekst")?;
    let council = store.council_id()?;
    let id = crate::store::ids::new_id();
    let now = store.now_stamp();
    store.atomically(|s: &mut Store| -> Result<()> {
        s.edit_regional(&id, |d| {
            let mut meta = Fields::new();
            meta.insert("title".into(), Value::Text(title.clone()));
            meta.insert("created_by".into(), Value::Text(council.clone()));
            meta.insert("created_at".into(), Value::Text(now.clone()));
            d.put(META, META_ID, &meta, &[])?;
            d.edit_body(&section.body)
        })?;
        s.set_section_link(section_id, Some(&id), None)?;
        refresh_council_rows(s, Some(&id))?;
        Ok(())
    })?;
    get_regional_text(store, &id)
}

/// "Regionale tekst gebruiken": this council's section follows a text of the region. What the
/// section held stays in it, and comes back if the council lets the text go.
pub fn use_regional_text(store: &mut Store, section_id: &str, text_id: &str) -> Result<()> {
    store.get_region()?.ok_or_else(not_joined)?;
    regional_section(store, section_id)?;
    store.get_regional_text(text_id)?;
    store.atomically(|s: &mut Store| -> Result<()> {
        s.set_section_link(section_id, Some(text_id), None)?;
        refresh_council_rows(s, Some(text_id))?;
        Ok(())
    })
}

/// "Loskoppelen": the section keeps the text as it reads now, as the council's own.
pub fn unlink_section(store: &mut Store, section_id: &str) -> Result<()> {
    regional_section(store, section_id)?;
    let link = store
        .get_linked_section(section_id)?
        .ok_or_else(|| Error::validation("section", "Dit onderdeel volgt geen regionale tekst."))?;
    let body = store.get_regional_text(&link.text_id).ok().map(|t| t.body);
    store.atomically(|s: &mut Store| -> Result<()> {
        s.set_section_link(section_id, None, body.as_deref())?;
        // The region sees the council no longer follows the text.
        if s.get_regional_text(&link.text_id).is_ok() {
            let council = s.council_id()?;
            s.edit_regional(&link.text_id, |d| d.remove(COUNCILS, &council))?;
        }
        Ok(())
    })
}

/// The section's view of its regional text: the body to show and print, and the flag when the
/// text changed after the council adopted it.
pub(super) fn section_regional(
    store: &Store,
    s: &SectionRecord,
) -> Result<Option<(String, u32, advice::SectionRegional)>> {
    let Some(link) = store.get_linked_section(&s.id)? else {
        return Ok(None);
    };
    let text = store.get_regional_text(&link.text_id).ok();
    let current = text.as_ref().map(|t| t.fingerprint.clone());
    let changed = match (&link.adopted_fingerprint, &current) {
        (Some(a), Some(c)) => a != c && link.kept_fingerprint.as_ref() != Some(c),
        _ => false,
    };
    let changes = match (&link.adopted_body, &text) {
        (Some(a), Some(t)) if changed => diff::words(a, &t.body),
        _ => Vec::new(),
    };
    let (body, version) = match (&link.adopted_body, &text) {
        (Some(a), _) => (a.clone(), s.version),
        (None, Some(t)) => (t.body.clone(), t.revision),
        (None, None) => (s.body.clone(), s.version),
    };
    Ok(Some((
        body,
        version,
        advice::SectionRegional {
            text_id: link.text_id.clone(),
            title: text.as_ref().map(|t| t.title.clone()).unwrap_or_default(),
            available: text.is_some(),
            adopted_version: link.adopted_fingerprint.clone(),
            current_version: current,
            changed_after_adoption: changed,
            changes,
        },
    )))
}

/// Saves a section that follows a regional text: into the text's document. A save from a
/// version that is no longer current is merged with what came in, as for a council's own text.
pub(super) fn save_linked(
    store: &mut Store,
    save: &advice::SectionSave,
    link: &LinkedSection,
) -> Result<advice::SectionSaved> {
    let current = store.get_regional_text(&link.text_id).map_err(|_| {
        Error::validation(
            "body",
            "De regionale tekst is op deze computer nog niet binnen; sluit aan bij de regio en \
             wacht op de synchronisatie.",
        )
    })?;
    let mut body = save.body.clone();
    if current.revision != save.base_version {
        match &save.base_body {
            Some(base) => {
                body = crate::sync::replica::merge_texts(base, &save.body, &current.body)
                    .map_err(|e| Error::Sync(e.to_string()))?
            }
            None => {
                return Err(Error::Conflict {
                    entity: "section",
                    id: save.section_id.clone(),
                });
            }
        }
    }
    let title = save.title.trim().to_owned();
    let section = store.get_section(&save.section_id)?;
    let revision = store.atomically(|s: &mut Store| -> Result<u32> {
        if section.title != title {
            s.save_section(&section.id, section.version, &title, &section.body, None)?;
        }
        s.edit_regional(&link.text_id, |d| d.edit_body(&body))?;
        Ok(s.get_regional_text(&link.text_id)?.revision)
    })?;
    Ok(advice::SectionSaved {
        section_id: save.section_id.clone(),
        version: revision,
        saved_at: store.now_stamp(),
        stats: crate::markdown::stats(&body),
        merged_body: (body != save.body).then_some(body),
    })
}

/// After a step of a request: a section that follows a regional text is frozen at the version
/// the council adopts, follows the text again when the advice is reopened, and the region
/// learns the council's state.
pub(super) fn after_step(store: &mut Store, request_id: &str) -> Result<()> {
    let links: Vec<LinkedSection> = store
        .list_linked_sections(None)?
        .into_iter()
        .filter(|l| l.request_id == request_id)
        .collect();
    for l in &links {
        if reconcile_adoption(store, l)? {
            refresh_council_rows(store, Some(&l.text_id))?;
        }
    }
    Ok(())
}

/// Brings a linked section's frozen version in line with its request's status: frozen at the
/// text as it reads now once adopted (or later), following the text again before that.
/// Returns whether the regional text is on this installation. Run after a step recorded here
/// and in every regional round, for steps other members recorded on desktops that are not in
/// the region (the version frozen is then the one this round found).
fn reconcile_adoption(store: &mut Store, l: &LinkedSection) -> Result<bool> {
    let status = store.get_request(&l.request_id)?.status;
    let adopted = matches!(
        status,
        Status::Adopted | Status::Sent | Status::ReactionReceived | Status::Closed
    );
    let known = store.get_regional_text(&l.text_id).is_ok();
    if adopted && l.adopted_body.is_none() && known {
        let (body, frontiers) =
            store.read_regional(&l.text_id, |d| (d.visible_body(), d.frontiers()))?;
        store.set_section_adoption(
            &l.section_id,
            Some((&body, &frontiers, &fingerprint(&body))),
        )?;
    } else if !adopted && l.adopted_body.is_some() {
        store.set_section_adoption(&l.section_id, None)?;
    }
    Ok(known)
}

/// Writes this council's row of each regional text it follows (or of `only`): what the
/// region's overview shows. Only fields that changed are written.
fn refresh_council_rows(store: &mut Store, only: Option<&str>) -> Result<()> {
    let Some(region) = store.get_region()? else {
        return Ok(());
    };
    let council = store.council_id()?;
    let today = store.clock().now().date_naive();
    let meetings: Vec<NaiveDate> = store
        .list_meetings()?
        .into_iter()
        .map(|m| m.held_on)
        .collect();
    let cal = super::Calendar::load(store, today)?;
    let mut done = std::collections::BTreeSet::new();
    for l in store.list_linked_sections(only)? {
        if !done.insert(l.text_id.clone()) || store.get_regional_text(&l.text_id).is_err() {
            continue;
        }
        let r = store.get_request(&l.request_id)?;
        let due_on = cal.plan(&r).due_on;
        let steps = store.list_steps(&l.request_id)?;
        let last_of = |st: Status| {
            steps
                .iter()
                .rev()
                .take_while(|s| !(s.status == Status::Draft && st == Status::Adopted))
                .find(|s| s.status == st)
                .map(|s| s.on.to_string())
        };
        let adopted_on = l
            .adopted_fingerprint
            .as_ref()
            .and_then(|_| last_of(Status::Adopted));
        let meeting = match &adopted_on {
            Some(d) => Some(d.clone()),
            None => meetings
                .iter()
                .find(|m| **m >= today && due_on.is_none_or(|due| **m <= due))
                .map(|m| m.to_string()),
        };
        let opt = |v: Option<String>| Value::Text(v.unwrap_or_default());
        let mut f = Fields::new();
        f.insert("name".into(), Value::Text(region.council_name.clone()));
        f.insert(
            "municipality".into(),
            Value::Text(region.municipality.clone()),
        );
        f.insert(
            "reference".into(),
            Value::Text(r.municipality_reference.clone()),
        );
        f.insert("due_on".into(), opt(due_on.map(|d| d.to_string())));
        f.insert("meeting_on".into(), opt(meeting));
        f.insert("adopted_on".into(), opt(adopted_on.clone()));
        f.insert(
            "adopted_fingerprint".into(),
            opt(adopted_on.as_ref().and(l.adopted_fingerprint.clone())),
        );
        f.insert(
            "adopted_tenor".into(),
            opt(adopted_on
                .as_ref()
                .and(r.tenor.map(|t| t.code().to_owned()))),
        );
        f.insert("sent_on".into(), opt(r.sent_on.map(|d| d.to_string())));
        f.insert("reaction_on".into(), opt(last_of(Status::ReactionReceived)));
        let differs = store.read_regional(&l.text_id, |d| {
            d.get(COUNCILS, &council)
                .is_none_or(|have| f.iter().any(|(k, v)| have.get(k) != Some(v)))
        })?;
        if differs {
            store.edit_regional(&l.text_id, |d| {
                d.put(COUNCILS, &council, &f, &[]).map(|_| ())
            })?;
        }
    }
    Ok(())
}

fn utf16_to_chars(s: &str, at: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in s.chars().enumerate() {
        if units == at {
            return Some(i);
        }
        units += c.len_utf16() as u32;
        if units > at {
            return None;
        }
    }
    (units == at).then(|| s.chars().count())
}

/// "Voorstel doen": a change to a passage that the other councils accept or reject.
pub fn propose_change(store: &mut Store, input: &ProposalInput) -> Result<RegionalTextView> {
    store.get_region()?.ok_or_else(not_joined)?;
    let text = store.get_regional_text(&input.text_id)?;
    if text.fingerprint != input.version {
        return Err(Error::validation(
            "passage",
            "De tekst is intussen gewijzigd; kies de passage opnieuw.",
        ));
    }
    let (Some(start), Some(end)) = (
        utf16_to_chars(&text.body, input.start),
        utf16_to_chars(&text.body, input.end),
    ) else {
        return Err(Error::validation(
            "passage",
            "Deze passage valt buiten de tekst; kies haar opnieuw.",
        ));
    };
    let words = input.words.trim_end_matches(['\r', '\n']).to_owned();
    let reason = input.reason.trim().to_owned();
    let mut problems = advieswerk_domain::error::Problems::default();
    if start > end {
        problems.add("passage", "Het begin van de passage ligt na het einde.");
    }
    if start == end && words.trim().is_empty() {
        problems.add(
            "words",
            "Kies een passage om te schrappen of te vervangen, of vul de tekst in die erbij moet.",
        );
    }
    if start < end
        && words
            == text
                .body
                .chars()
                .skip(start)
                .take(end - start)
                .collect::<String>()
    {
        problems.add("words", "De nieuwe tekst is gelijk aan de passage.");
    }
    if words.chars().count() > MAX_WORDS {
        problems.add("words", format!("Hooguit {MAX_WORDS} tekens."));
    }
    if reason.is_empty() {
        problems.add(
            "reason",
            "Geef een reden: de andere raden beslissen erover.",
        );
    } else if reason.chars().count() > MAX_REASON {
        problems.add("reason", format!("Hooguit {MAX_REASON} tekens."));
    }
    problems.into_result()?;
    let kind = match (start == end, words.is_empty()) {
        (true, _) => "add",
        (false, true) => "delete",
        (false, false) => "replace",
    };
    let id = crate::store::ids::new_id();
    let council = store.council_id()?;
    let now = store.now_stamp();
    store.edit_regional(&input.text_id, |d| {
        let passage = d.mark_proposal(&id, start, end, &words)?;
        let mut f = Fields::new();
        for (k, v) in [
            ("kind", kind),
            ("passage", passage.as_str()),
            ("words", words.as_str()),
            ("reason", reason.as_str()),
            ("council", council.as_str()),
            ("state", ProposalState::Open.code()),
            ("created_at", now.as_str()),
        ] {
            f.insert(k.into(), Value::Text(v.into()));
        }
        d.put(PROPOSALS, &id, &f, &[]).map(|_| ())
    })?;
    get_regional_text(store, &input.text_id)
}

/// "Overnemen" or "Afwijzen": the decision goes into the document; accepting changes the text
/// everyone reads. A council does not accept its own proposal (it may withdraw it).
pub fn decide_proposal(
    store: &mut Store,
    proposal_id: &str,
    accept: bool,
) -> Result<RegionalTextView> {
    store.get_region()?.ok_or_else(not_joined)?;
    let council = store.council_id()?;
    let found = store
        .list_regional_texts()?
        .into_iter()
        .find_map(|t| {
            store
                .list_proposals(&t.id)
                .ok()?
                .into_iter()
                .find(|p| p.id == proposal_id)
        })
        .ok_or_else(|| Error::NotFound {
            entity: "proposal",
            id: proposal_id.to_owned(),
        })?;
    if found.state != ProposalState::Open.code() {
        return Err(Error::validation(
            "proposal",
            "Over dit voorstel is al beslist.",
        ));
    }
    if accept && found.council_id == council {
        return Err(Error::validation(
            "proposal",
            "Een voorstel van uw eigen raad neemt een andere raad over; u kunt het intrekken.",
        ));
    }
    let state = if accept {
        ProposalState::Accepted
    } else {
        ProposalState::Rejected
    };
    let now = store.now_stamp();
    store.edit_regional(&found.text_id, |d| {
        let mut f = Fields::new();
        f.insert("state".into(), Value::Text(state.code().into()));
        f.insert("decided_by".into(), Value::Text(council.clone()));
        f.insert("decided_at".into(), Value::Text(now.clone()));
        d.put(PROPOSALS, proposal_id, &f, &[]).map(|_| ())
    })?;
    get_regional_text(store, &found.text_id)
}

/// "Nieuwe versie vaststellen": the council adopts the regional text as it reads now, recorded
/// as two steps (reopened for the new version, adopted again with the same tenor).
pub fn adopt_new_version(store: &mut Store, section_id: &str, today: NaiveDate) -> Result<()> {
    let link = store
        .get_linked_section(section_id)?
        .ok_or_else(|| Error::validation("section", "Dit onderdeel volgt geen regionale tekst."))?;
    let r = store.get_request(&link.request_id)?;
    if r.status != Status::Adopted {
        return Err(Error::validation(
            "section",
            "Alleen een vastgesteld advies dat nog niet is verzonden kan een nieuwe versie \
             vaststellen.",
        ));
    }
    let tenor: Option<Tenor> = r.tenor;
    store.atomically(|s: &mut Store| -> Result<()> {
        s.insert_step(
            &link.request_id,
            Status::Draft,
            today,
            "",
            None,
            "Heropend voor de nieuwe versie van de regionale tekst.",
        )?;
        after_step(s, &link.request_id)?;
        s.insert_step(
            &link.request_id,
            Status::Adopted,
            today,
            "",
            tenor,
            "Nieuwe versie van de regionale tekst vastgesteld.",
        )?;
        after_step(s, &link.request_id)?;
        s.review_steps(&link.request_id)?;
        Ok(())
    })
}

/// "Eigen versie houden": the council keeps what it adopted; the flag goes until the text
/// changes again.
pub fn keep_own_version(store: &mut Store, section_id: &str) -> Result<()> {
    let link = store
        .get_linked_section(section_id)?
        .ok_or_else(|| Error::validation("section", "Dit onderdeel volgt geen regionale tekst."))?;
    let t = store.get_regional_text(&link.text_id)?;
    Ok(store.keep_section_version(section_id, &t.fingerprint)?)
}

fn tenor_label(code: &str) -> String {
    Tenor::from_code(code).map_or_else(|| code.to_owned(), |t| t.label_nl().to_owned())
}

fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(crate::date::from_iso)
}

fn council_rows(
    states: &[crate::store::region::CouncilState],
    current: &str,
    own: &str,
) -> Vec<CouncilRow> {
    states
        .iter()
        .map(|c| {
            let adopted_on = date(&c.adopted_on);
            let sent_on = date(&c.sent_on);
            let reaction_on = date(&c.reaction_on);
            let adopted_current = c.adopted_fingerprint.as_ref().map(|f| f == current);
            let d = crate::date::long_nl;
            let state = if let Some(r) = reaction_on {
                format!("Reactie van het college ontvangen op {}", d(r))
            } else if let Some(s) = sent_on {
                format!("Verzonden op {}", d(s))
            } else if let Some(a) = adopted_on {
                format!(
                    "Vastgesteld op {}{}",
                    d(a),
                    if adopted_current == Some(false) {
                        " (een oudere versie)"
                    } else {
                        ""
                    }
                )
            } else if let Some(m) = date(&c.meeting_on) {
                format!("Vaststelling gepland op {}", d(m))
            } else {
                "In voorbereiding".into()
            };
            CouncilRow {
                council_name: c.council_name.clone(),
                municipality: c.municipality.clone(),
                reference: c.reference.clone(),
                due_on: date(&c.due_on),
                meeting_on: date(&c.meeting_on),
                adopted_on,
                adopted_version: c.adopted_fingerprint.clone(),
                adopted_current,
                adopted_tenor: c.adopted_tenor.as_deref().map(tenor_label),
                sent_on,
                reaction_on,
                ours: c.council_id == own,
                state,
            }
        })
        .collect()
}

/// The regional texts this installation knows.
pub fn list_regional_texts(store: &Store) -> Result<Vec<RegionalTextSummary>> {
    let mut states: HashMap<String, Vec<crate::store::region::CouncilState>> = HashMap::new();
    for s in store.list_council_states()? {
        states.entry(s.text_id.clone()).or_default().push(s);
    }
    let linked: std::collections::BTreeSet<String> = store
        .list_linked_sections(None)?
        .into_iter()
        .map(|l| l.text_id)
        .collect();
    let mut out = Vec::new();
    for t in store.list_regional_texts()? {
        let st = states.remove(&t.id).unwrap_or_default();
        let open = store
            .list_proposals(&t.id)?
            .iter()
            .filter(|p| p.state == "open")
            .count();
        out.push(RegionalTextSummary {
            councils: st.len() as u32,
            adopted: st.iter().filter(|c| c.adopted_on.is_some()).count() as u32,
            open_proposals: open as u32,
            linked: linked.contains(&t.id),
            id: t.id,
            title: t.title,
            version: t.fingerprint,
        });
    }
    Ok(out)
}

/// One regional text with its proposals inline, the councils' rows and its history.
pub fn get_regional_text(store: &Store, text_id: &str) -> Result<RegionalTextView> {
    let t = store.get_regional_text(text_id)?;
    let own = store.council_id()?;
    let region = store.get_region()?;
    let states: Vec<_> = store
        .list_council_states()?
        .into_iter()
        .filter(|c| c.text_id == text_id)
        .collect();
    let names: BTreeMap<String, String> = states
        .iter()
        .map(|c| (c.council_id.clone(), c.council_name.clone()))
        .collect();
    let council_name = |id: &str| -> String {
        names.get(id).cloned().unwrap_or_else(|| {
            if id == own {
                region
                    .as_ref()
                    .map(|r| r.council_name.clone())
                    .unwrap_or_else(|| "uw raad".into())
            } else {
                "een raad die de tekst niet meer volgt".into()
            }
        })
    };
    let proposals: Vec<ProposalView> = store
        .list_proposals(text_id)?
        .into_iter()
        .map(|p| ProposalView {
            kind_label: match p.kind.as_str() {
                "add" => "Toevoegen",
                "delete" => "Schrappen",
                _ => "Vervangen",
            }
            .into(),
            state_label: match p.state.as_str() {
                "accepted" => "Overgenomen",
                "rejected" => "Afgewezen",
                _ => "Open",
            }
            .into(),
            council_name: council_name(&p.council_id),
            decided_by: p.decided_by.as_deref().map(&council_name),
            ours: p.council_id == own,
            id: p.id,
            kind: p.kind,
            passage: p.passage,
            words: p.words,
            reason: p.reason,
            state: p.state,
        })
        .collect();
    let (runs, states_now, history) = store.read_regional(text_id, |d| {
        (d.body_runs(), d.proposal_states(), d.history())
    })?;
    let pieces = runs
        .into_iter()
        .filter_map(|r| {
            let open = r
                .marks
                .iter()
                .find(|(id, _)| states_now.get(id) == Some(&ProposalState::Open));
            let hidden = r.marks.iter().any(|(id, k)| {
                let acc = states_now.get(id) == Some(&ProposalState::Accepted);
                match k {
                    MarkKind::Insert => !acc,
                    MarkKind::Delete => acc,
                }
            });
            match open {
                Some((id, MarkKind::Insert)) => Some(TextPiece {
                    text: r.text,
                    kind: "added".into(),
                    proposal_id: Some(id.clone()),
                }),
                Some((id, MarkKind::Delete)) if !hidden => Some(TextPiece {
                    text: r.text,
                    kind: "removed".into(),
                    proposal_id: Some(id.clone()),
                }),
                _ if hidden => None,
                _ => Some(TextPiece {
                    text: r.text,
                    kind: "same".into(),
                    proposal_id: None,
                }),
            }
        })
        .collect();
    let own_token = region.as_ref().map(|r| r.member_token.clone());
    let me = store.member();
    let history = history
        .map_err(|e| Error::Sync(e.to_string()))?
        .into_iter()
        .rev()
        .filter(|h| h.text || h.proposals)
        .take(50)
        .map(|h| {
            let (c, token) = h.author.split_once('/').unwrap_or((&h.author, ""));
            let mut who = council_name(c);
            if c == own && Some(token) == own_token.as_deref() {
                who = match &me {
                    Some(m) => format!("{m} ({who})"),
                    None => format!("deze computer ({who})"),
                };
            }
            HistoryItem {
                at: DateTime::from_timestamp(h.at_unix, 0).unwrap_or_default(),
                who,
                what: if h.text {
                    "tekst gewijzigd".into()
                } else {
                    "voorstel gedaan of beslist".into()
                },
            }
        })
        .collect();
    let mut links = Vec::new();
    for l in store.list_linked_sections(Some(text_id))? {
        let r = store.get_request(&l.request_id)?;
        links.push(OwnLink {
            request_id: l.request_id,
            section_id: l.section_id,
            subject: r.subject,
        });
    }
    Ok(RegionalTextView {
        councils: council_rows(&states, &t.fingerprint, &own),
        id: t.id,
        title: t.title,
        body: t.body,
        version: t.fingerprint,
        pieces,
        proposals,
        history,
        links,
    })
}

/// The regional overview: every text, a row per council, and how many adopted an older
/// version. One read of the projection table.
pub fn region_overview(store: &Store) -> Result<RegionOverview> {
    let own = store.council_id()?;
    let mut by_text: HashMap<String, Vec<crate::store::region::CouncilState>> = HashMap::new();
    for s in store.list_council_states()? {
        by_text.entry(s.text_id.clone()).or_default().push(s);
    }
    let texts = store
        .list_regional_texts()?
        .into_iter()
        .map(|t| {
            let rows = council_rows(
                by_text.get(&t.id).map(Vec::as_slice).unwrap_or(&[]),
                &t.fingerprint,
                &own,
            );
            OverviewText {
                older_versions: rows
                    .iter()
                    .filter(|r| r.adopted_current == Some(false))
                    .count() as u32,
                id: t.id,
                title: t.title,
                version: t.fingerprint,
                councils: rows,
            }
        })
        .collect();
    Ok(RegionOverview { texts })
}

/// Every council's dates for every regional text, as timeline items in a lane per
/// municipality: due date, planned meeting, adoption, sent, the college's reaction.
pub(super) fn timeline_items(store: &Store) -> Result<Vec<crate::planning::TimelineItem>> {
    use crate::planning::{ItemKind, ItemSource, TimelineItem};
    if store.get_region()?.is_none() {
        return Ok(Vec::new());
    }
    let titles: HashMap<String, (String, String)> = store
        .list_regional_texts()?
        .into_iter()
        .map(|t| (t.id.clone(), (t.title, t.fingerprint)))
        .collect();
    let mut out = Vec::new();
    for c in store.list_council_states()? {
        let Some((title, current)) = titles.get(&c.text_id) else {
            continue;
        };
        let adopted = date(&c.adopted_on);
        let older = c.adopted_fingerprint.as_ref().is_some_and(|f| f != current);
        let dates = [
            (
                ItemKind::RequestDue,
                date(&c.due_on),
                "uiterlijk advies".to_owned(),
            ),
            (
                ItemKind::AdoptingMeeting,
                if adopted.is_none() {
                    date(&c.meeting_on)
                } else {
                    None
                },
                "vaststelling gepland".to_owned(),
            ),
            (
                ItemKind::AdoptingMeeting,
                adopted,
                if older {
                    "vastgesteld (een oudere versie)".to_owned()
                } else {
                    "vastgesteld".to_owned()
                },
            ),
            (
                ItemKind::AdviceSent,
                date(&c.sent_on),
                "verzonden".to_owned(),
            ),
            (
                ItemKind::ReactionExpected,
                date(&c.reaction_on),
                "reactie college ontvangen".to_owned(),
            ),
        ];
        for (i, (kind, on, what)) in dates.into_iter().enumerate() {
            let Some(on) = on else { continue };
            out.push(TimelineItem {
                id: format!("regio:{}:{}:{i}", c.text_id, c.council_id),
                source: ItemSource::Region,
                kind,
                title: format!("{title} — {}: {what}", c.council_name),
                starts_on: on,
                ends_on: None,
                track_id: None,
                municipality_id: None,
                region_municipality: Some(c.municipality.clone()),
                working_group: None,
                request_id: None,
                status: None,
                moved_from: None,
                actor: c.council_name.clone(),
                overdue: false,
                at_risk: false,
                sequence: 0,
            });
        }
    }
    Ok(out)
}

/// The regional text on its own as the letter pipeline renders it: its title, the text with
/// its version, and which councils adopted which version (and which have not yet).
pub fn regional_text_letter(
    store: &Store,
    text_id: &str,
    today: NaiveDate,
) -> Result<crate::letter::model::Letter> {
    use crate::letter::model::{Letter, Part, Reader};
    let view = get_regional_text(store, text_id)?;
    let council = store.get_council()?;
    let head = store.get_letterhead()?;
    let mut reader = Reader::default();
    let mut adopted = String::new();
    let mut pending = String::new();
    for c in &view.councils {
        let who = format!("{} ({})", c.council_name, c.municipality);
        match c.adopted_on {
            Some(on) => adopted.push_str(&format!(
                "- {who}: vastgesteld op {}, versie {}{}{}\n",
                crate::date::long_nl(on),
                c.adopted_version.as_deref().unwrap_or("?"),
                if c.adopted_current == Some(false) {
                    " (een oudere versie)"
                } else {
                    " (deze versie)"
                },
                c.adopted_tenor
                    .as_deref()
                    .map(|t| format!(", strekking: {}", t.to_lowercase()))
                    .unwrap_or_default(),
            )),
            None => pending.push_str(&format!("- {who}: {}\n", c.state.to_lowercase())),
        }
    }
    let mut councils = String::new();
    if !adopted.is_empty() {
        councils.push_str(&format!("Vastgesteld door:\n\n{adopted}\n"));
    }
    if !pending.is_empty() {
        councils.push_str(&format!("Nog niet vastgesteld:\n\n{pending}"));
    }
    if councils.is_empty() {
        councils.push_str("Nog geen raad volgt deze tekst.");
    }
    let parts = vec![
        Part {
            title: format!("Regionale tekst, versie {}", view.version),
            scope: advice::SectionScope::Regional,
            blocks: reader.blocks(&view.body),
        },
        Part {
            title: "De raden".into(),
            scope: advice::SectionScope::Other,
            blocks: reader.blocks(&councils),
        },
    ];
    Ok(Letter {
        council: if council.name.is_empty() {
            "Adviesraad Sociaal Domein".into()
        } else {
            council.name
        },
        letterhead: head.lines(),
        logo: None,
        addressee: Vec::new(),
        date: today,
        our_reference: String::new(),
        their_reference: String::new(),
        subject: view.title,
        salutation: String::new(),
        parts,
        footnotes: reader.footnotes,
        closing_formula: String::new(),
        signer: String::new(),
        signer_role: String::new(),
        attachments: Vec::new(),
        copies: Vec::new(),
    })
}

/// The regional text rendered as Word, PDF/A or HTML.
pub fn render_regional_text(
    store: &Store,
    text_id: &str,
    format: super::LetterFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let l = regional_text_letter(store, text_id, today)?;
    match format {
        super::LetterFormat::Html => Ok(crate::letter::html::render(&l).into_bytes()),
        super::LetterFormat::Docx => Ok(crate::letter::docx::render(&l)?),
        super::LetterFormat::Pdf => Ok(crate::letter::pdf::render(&l)?),
    }
}

/// A file name for the regional text: `Regionale-tekst-<title>-<version>.<ext>`.
pub fn suggested_regional_name(
    store: &Store,
    text_id: &str,
    format: super::LetterFormat,
) -> Result<String> {
    let t = store.get_regional_text(text_id)?;
    let title: String = t
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let title: String = title.chars().take(60).collect();
    Ok(format!(
        "Regionale-tekst-{title}-{}.{}",
        t.fingerprint,
        format.extension()
    ))
}

/// Writes the regional text to `path` (chosen in the desktop's save dialog).
pub fn save_regional_text_as(
    store: &Store,
    text_id: &str,
    format: super::LetterFormat,
    today: NaiveDate,
    path: &Path,
) -> Result<String> {
    let bytes = render_regional_text(store, text_id, format, today)?;
    crate::exports::write_path(path, &bytes)?;
    Ok(path.display().to_string())
}
