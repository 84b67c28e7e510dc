//! Sharing one council between its members' desktops through a folder that syncs (OneDrive,
//! Nextcloud, Syncthing, a network share): starting to share, joining, and one sync round.
//! A round writes local changes into the documents (the store's outbox), sends what the folder
//! lacks as one new file of this device, then reads every file it has not seen and projects the
//! merged records into the tables. An unreachable folder changes nothing here: work goes on and
//! is sent later.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use advieswerk_sync::folder::{self, FileKind, FileRef, Payload, Refusal, Space};
use advieswerk_sync::key::{self, Cost};
/// The app's watch on the shared folder, so a round runs as soon as a member's file lands.
pub use advieswerk_sync::watch::FolderWatch;

use crate::Stamp;
use crate::backup::{self, BackupKind};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::sharing::{Docs, RemoteFile};

/// Own files between two snapshot files: a new member starts from the snapshot, not from
/// hundreds of small files.
pub const SNAPSHOT_EVERY: u64 = 200;

/// What a running app keeps between rounds: the loaded documents, the opened space (its key is
/// derived once), and what the last round found.
#[derive(Default)]
pub struct Sharing {
    pub(super) docs: Docs,
    space: Option<Space>,
    refusals: Vec<Refusal>,
    unreachable: Option<String>,
    /// Argon2's cost for a new space; tests lower it.
    cost: Option<Cost>,
    /// The region's folder and documents, beside the council's.
    pub(super) region: super::region::RegionRuntime,
}

impl Sharing {
    pub(super) fn cost(&self) -> Option<Cost> {
        self.cost
    }

    /// Sharing whose new spaces derive their key at `cost` (tests use Argon2's minimum).
    pub fn with_cost(cost: Cost) -> Sharing {
        Sharing {
            cost: Some(cost),
            ..Sharing::default()
        }
    }
}

/// The sync status the app always shows, and the command line prints.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub shared: bool,
    pub folder: Option<String>,
    pub member: Option<String>,
    pub reachable: bool,
    pub last_round_at: Option<DateTime<Utc>>,
    /// Changed records here that are not in the folder yet.
    #[ts(type = "number")]
    pub unsent: u64,
    /// Records taken in from other members in this round.
    #[ts(type = "number")]
    pub received: u64,
    /// Files of the folder that were refused, in Dutch.
    pub refusals: Vec<String>,
    /// Records whose merged state the tables refused, in Dutch.
    pub problems: Vec<String>,
    /// Other members whose files were read.
    pub members: Vec<String>,
    /// Fields two members set while apart, waiting for a member's choice.
    pub conflicts: Vec<super::FieldConflictView>,
    /// One line for the status bar ("3 wijzigingen nog niet in de map").
    pub summary: String,
}

/// What starting to share gives: the passphrase, shown once, to pass on to the other members.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareResult {
    pub passphrase: String,
    pub status: SyncStatus,
}

fn member_name(member: &str) -> Result<String> {
    let m = member.trim();
    if m.is_empty() {
        return Err(Error::validation(
            "member",
            "Vul uw naam in: de andere leden zien die bij uw wijzigingen.",
        ));
    }
    if m.chars().count() > 80 {
        return Err(Error::validation(
            "member",
            "Een naam is hooguit 80 tekens lang.",
        ));
    }
    Ok(m.to_owned())
}

pub(super) fn folder_dir(folder: &Path) -> Result<PathBuf> {
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
    Ok(folder.to_path_buf())
}

/// "Deze raad delen via een map": makes the space, and this council's whole state its first
/// content. Returns the passphrase the other members need.
pub fn share_council(
    store: &mut Store,
    sharing: &mut Sharing,
    folder: &Path,
    member: &str,
) -> Result<ShareResult> {
    if let Some(space) = store.get_space()? {
        return Err(Error::validation(
            "folder",
            format!("Deze raad wordt al gedeeld via {}.", space.folder.display()),
        ));
    }
    let member = member_name(member)?;
    let folder = folder_dir(folder)?;
    let passphrase = key::new_passphrase()?;
    let space = Space::create(&folder, &passphrase, sharing.cost.unwrap_or(Cost::DEFAULT))?;
    let device = folder::new_device_id()?;
    let started = store.atomically(|s: &mut Store| -> Result<()> {
        s.insert_space(&folder, &passphrase, &device, &member)?;
        s.queue_all_records()?;
        Ok(())
    });
    if let Err(e) = started {
        // Nothing was shared: the folder must not keep a space that no council fills.
        let _ = std::fs::remove_file(folder.join(folder::HEADER));
        return Err(e);
    }
    sharing.space = Some(space);
    let status = sync_round(store, sharing)?;
    Ok(ShareResult { passphrase, status })
}

/// "Aansluiten bij een raad": this installation takes the shared council's state. One that
/// already holds a council's records is replaced only when `replace` says so, after a backup.
pub fn join_council(
    store: &mut Store,
    sharing: &mut Sharing,
    folder: &Path,
    passphrase: &str,
    member: &str,
    replace: bool,
) -> Result<SyncStatus> {
    if store.get_space()?.is_some() {
        return Err(Error::validation(
            "folder",
            "Deze computer is al aangesloten bij een gedeelde raad.",
        ));
    }
    let member = member_name(member)?;
    let folder = folder_dir(folder)?;
    let passphrase = key::normalize_passphrase(passphrase)?;
    let space = Space::open(&folder, &passphrase)?;
    // The header arrives before the files with the council in them: joining now would start
    // from nothing.
    if space.scan()?.files.is_empty() {
        return Err(Error::validation(
            "folder",
            "In deze map staat nog geen raad: de synchronisatie van de map is nog bezig. \
             Wacht even en probeer het opnieuw.",
        ));
    }
    let own = store.count_own_records()?;
    if own > 0 && !replace {
        return Err(Error::JoinWouldReplace { records: own });
    }
    if own > 0 {
        backup::take(store.path(), BackupKind::Manual, store.clock().now())?;
    }
    let device = folder::new_device_id()?;
    store.atomically(|s: &mut Store| -> Result<()> {
        s.clear_shared_tables()?;
        s.insert_space(&folder, &passphrase, &device, &member)?;
        Ok(())
    })?;
    sharing.space = Some(space);
    sync_round(store, sharing)
}

/// "Stoppen met delen": this computer no longer takes part in the shared council. A last round
/// first sends what is not in the folder yet; when something would stay behind (the folder
/// unreachable, changes not written), leaving waits for `anyway`. The council's data stays on
/// this computer; the folder's files stay for the other members (no device deletes files).
pub fn leave_council(store: &mut Store, sharing: &mut Sharing, anyway: bool) -> Result<SyncStatus> {
    if store.get_space()?.is_none() {
        return Err(Error::validation(
            "folder",
            "Deze raad wordt niet gedeeld: er is niets om mee te stoppen.",
        ));
    }
    let last = sync_round(store, sharing);
    let (unsent, reachable) = match &last {
        Ok(s) => (s.unsent, s.reachable),
        Err(_) => (store.count_outbox()?, false),
    };
    if (unsent > 0 || !reachable) && !anyway {
        return Err(Error::LeaveWouldLose { unsent, reachable });
    }
    store.remove_space()?;
    sharing.space = None;
    sharing.docs = Docs::default();
    sharing.refusals.clear();
    sharing.unreachable = None;
    sync_status(store, sharing)
}

/// Changes the name this installation's changes carry.
pub fn set_member(store: &mut Store, member: &str) -> Result<SyncStatus> {
    let member = member_name(member)?;
    store.update_member(&member)?;
    sync_status(store, &Sharing::default())
}

/// One round: local changes in, out to the folder, others' files in, tables brought up to date.
pub fn sync_round(store: &mut Store, sharing: &mut Sharing) -> Result<SyncStatus> {
    let Some(record) = store.get_space()? else {
        let regional = super::region::region_round(store, sharing);
        let mut s = sync_status(store, sharing)?;
        s.received = regional;
        return Ok(s);
    };
    let result = round(store, sharing, &record);
    if result.is_err() {
        // Memory may be ahead of what was committed: start again from the store.
        sharing.docs = Docs::default();
    }
    let received = result?;
    sharing.docs.trim();
    // The region's round after the council's: it reads the council's dates for its rows.
    let regional = super::region::region_round(store, sharing);
    // What this round changed itself goes to the other members now, not a round later: what
    // the region's round wrote into the council's tables (a version frozen for another member's
    // adoption), and the twin meetings it merged into one after its own file was written. Not
    // when the folder could not be reached or written: a second try now would fail the same way.
    if sharing.unreachable.is_none()
        && let Some(record) = store.get_space()?
        && (record.unsent > 0 || store.count_outbox()? > 0)
    {
        let again = round(store, sharing, &record);
        if again.is_err() {
            sharing.docs = Docs::default();
        }
        again?;
        sharing.docs.trim();
    }
    let mut s = sync_status(store, sharing)?;
    s.received = received + regional;
    if received > 0 {
        s.summary = format!("{} ({received} wijziging(en) ontvangen)", s.summary);
    }
    Ok(s)
}

/// A round run by the app in the background: a failure becomes the status line's text (in
/// Dutch, with what to do), since no form is there to show it.
pub fn background_round(store: &mut Store, sharing: &mut Sharing) -> Result<SyncStatus> {
    match sync_round(store, sharing) {
        Ok(status) => Ok(status),
        Err(e) => {
            let mut status = sync_status(store, sharing)?;
            status.summary = format!("Synchroniseren mislukt: {}", e.message_nl());
            Ok(status)
        }
    }
}

fn round(
    store: &mut Store,
    sharing: &mut Sharing,
    record: &crate::store::sharing::SpaceRecord,
) -> Result<u64> {
    let now = store.clock().now();
    store.flush_outbox(&mut sharing.docs, now.timestamp(), &record.member)?;
    if sharing.space.is_none() {
        match Space::open(&record.folder, &record.passphrase) {
            Ok(s) => sharing.space = Some(s),
            Err(advieswerk_sync::Error::Unreachable(e)) => {
                sharing.unreachable = Some(e.to_string());
                return Ok(0);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let space = sharing.space.clone().expect("opened above");
    if !space.reachable() {
        sharing.unreachable = Some("de map is weg (niet aangekoppeld of offline)".into());
        return Ok(0);
    }
    let listing = match space.scan() {
        Ok(l) => l,
        Err(e) => {
            sharing.unreachable = Some(e.to_string());
            return Ok(0);
        }
    };
    sharing.unreachable = None;

    // Out: one file with what the folder lacks, numbered after anything of ours already there.
    let mut seq = store.reserve_seq(highest_own(&listing.files, &record.device_id) + 1)?;
    let outgoing = store.unsent_changes(&mut sharing.docs)?;
    if !outgoing.is_empty() {
        let names: Vec<String> = outgoing.iter().map(|(n, _)| n.clone()).collect();
        let payload = Payload {
            member: record.member.clone(),
            docs: outgoing,
        };
        if let Err(e) = space.write(&record.device_id, seq, FileKind::Update, &payload) {
            sharing.unreachable = Some(e.to_string());
            return Ok(0);
        }
        store.mark_sent(&mut sharing.docs, &names, seq, false)?;
        seq += 1;
    } else {
        store.note_nothing_unsent()?;
    }
    if record.since_snapshot + 1 >= SNAPSHOT_EVERY {
        let payload = Payload {
            member: record.member.clone(),
            docs: store.all_changes(&mut sharing.docs)?,
        };
        if space
            .write(&record.device_id, seq, FileKind::Snapshot, &payload)
            .is_ok()
        {
            store.mark_sent(&mut sharing.docs, &[], seq, true)?;
        }
    }

    // In: every file not seen yet; a device's snapshot stands in for its files before it.
    let (files, mut refusals) = read_unseen(&space, &listing.files, &store.list_seen()?);
    let applied = store.apply_remote(&mut sharing.docs, now.timestamp(), &record.member, &files)?;
    refusals.extend(refused_files(applied.refused));
    for name in applied.unknown_docs {
        refusals.push(Refusal {
            device: String::new(),
            file: name,
            reason: "onbekend soort document (een nieuwere versie van Advieswerk?)".into(),
        });
    }
    sharing.refusals = refusals;
    Ok(applied.projected as u64)
}

/// The highest number among this device's files in the folder (0 for none): the next file goes
/// after it, whatever the store remembers (a restored backup, a crash before noting a file).
pub(super) fn highest_own(files: &[FileRef], device: &str) -> u64 {
    files
        .iter()
        .filter(|f| f.device == device)
        .map(|f| f.seq)
        .max()
        .unwrap_or(0)
}

/// Reads every file of the folder not seen yet. A device's newest unseen snapshot stands in for
/// its unseen files before it, which are returned empty beside it, to be noted as seen. A file
/// that cannot be read (damaged, half-synced, foreign) is a refusal.
pub(super) fn read_unseen(
    space: &Space,
    files: &[FileRef],
    seen: &BTreeSet<(String, u64)>,
) -> (Vec<RemoteFile>, Vec<Refusal>) {
    let mut out = Vec::new();
    let mut refusals = Vec::new();
    for (reference, covered) in files_to_read(files, seen) {
        match space.read(&reference) {
            Ok(p) => {
                for c in covered {
                    out.push(RemoteFile {
                        device: c.device.clone(),
                        seq: c.seq,
                        ..RemoteFile::default()
                    });
                }
                out.push(RemoteFile {
                    device: reference.device.clone(),
                    seq: reference.seq,
                    member: p.member,
                    docs: p.docs,
                });
            }
            Err(r) => refusals.push(r),
        }
    }
    (out, refusals)
}

/// The files whose changes the engine refused, as the status names them.
pub(super) fn refused_files(refused: Vec<(String, u64, String)>) -> impl Iterator<Item = Refusal> {
    refused.into_iter().map(|(device, seq, why)| Refusal {
        device,
        file: format!("{seq:010}"),
        reason: format!("bevat wijzigingen die niet te verwerken zijn ({why})"),
    })
}

/// Which files to read: each unseen file, except that a device's newest unseen snapshot
/// replaces the unseen files before it (returned beside it, to be noted as seen).
fn files_to_read<'a>(
    files: &'a [FileRef],
    seen: &BTreeSet<(String, u64)>,
) -> Vec<(FileRef, Vec<&'a FileRef>)> {
    let mut by_device: BTreeMap<&str, Vec<&FileRef>> = BTreeMap::new();
    for f in files {
        by_device.entry(f.device.as_str()).or_default().push(f);
    }
    let mut out = Vec::new();
    for (device, list) in by_device {
        let unseen: Vec<&FileRef> = list
            .into_iter()
            .filter(|f| !seen.contains(&(device.to_owned(), f.seq)))
            .collect();
        let snap = unseen
            .iter()
            .filter(|f| f.kind == FileKind::Snapshot)
            .map(|f| f.seq)
            .max();
        match snap {
            Some(s) => {
                let (before, after): (Vec<&FileRef>, Vec<&FileRef>) =
                    unseen.into_iter().partition(|f| f.seq <= s);
                let snap_ref = before.iter().find(|f| f.seq == s).map(|f| (*f).clone());
                if let Some(r) = snap_ref {
                    let covered = before.into_iter().filter(|f| f.seq != s).collect();
                    out.push((r, covered));
                }
                out.extend(after.into_iter().map(|f| (f.clone(), Vec::new())));
            }
            None => out.extend(unseen.into_iter().map(|f| (f.clone(), Vec::new()))),
        }
    }
    out
}

/// The status as it stands, without touching the folder.
pub fn sync_status(store: &Store, sharing: &Sharing) -> Result<SyncStatus> {
    let Some(record) = store.get_space()? else {
        return Ok(SyncStatus {
            shared: false,
            folder: None,
            member: None,
            reachable: false,
            last_round_at: None,
            unsent: 0,
            received: 0,
            refusals: vec![],
            problems: vec![],
            members: vec![],
            conflicts: vec![],
            summary: "Niet gedeeld: deze raad staat alleen op deze computer.".into(),
        });
    };
    let unsent = record.unsent + store.count_outbox()?;
    let last = record.last_round_at.map(Stamp::instant);
    let known = store.list_sync_members()?;
    let members: Vec<String> = known
        .iter()
        .filter(|(_, device, _)| *device != record.device_id)
        .map(|(m, _, _)| m.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let names: BTreeMap<String, String> = known.into_iter().map(|(m, d, _)| (d, m)).collect();
    let refusals: Vec<String> = sharing
        .refusals
        .iter()
        .map(|r| {
            let who = names
                .get(&r.device)
                .map(|m| format!("van {m}"))
                .unwrap_or_else(|| "in de map".into());
            format!(
                "Een bestand {who} kon niet worden gelezen ({}): {}.",
                r.file, r.reason
            )
        })
        .collect();
    let problems: Vec<String> = store
        .list_sync_problems()?
        .into_iter()
        .map(|p| problem_nl(&p))
        .collect();
    let reachable = sharing.unreachable.is_none();
    let conflicts = super::list_conflicts(store, None)?;
    let mut summary = if !reachable {
        format!(
            "Map niet bereikbaar; {} wijziging(en) nog niet in de map.",
            unsent
        )
    } else if unsent > 0 {
        format!("{unsent} wijziging(en) nog niet in de map.")
    } else if let Some(r) = refusals.first() {
        r.clone()
    } else if let Some(at) = last {
        format!(
            "Gesynchroniseerd om {}.",
            at.with_timezone(&chrono::Local).format("%H:%M")
        )
    } else {
        "Nog niet gesynchroniseerd.".into()
    };
    if !conflicts.is_empty() {
        summary = format!(
            "{summary} {} veld(en) tegelijk gewijzigd: kies een waarde.",
            conflicts.len()
        );
    }
    Ok(SyncStatus {
        shared: true,
        folder: Some(record.folder.display().to_string()),
        member: Some(record.member),
        reachable,
        last_round_at: last,
        unsent,
        received: 0,
        refusals,
        problems,
        members,
        conflicts,
        summary,
    })
}

/// What a record the tables refused means to a member, and what to do about it.
fn problem_nl(p: &crate::store::sharing::SyncProblem) -> String {
    let kind = match p.table.as_str() {
        "council" => "de raadsgegevens",
        "theme" => "een thema",
        "working_group" => "een werkgroep",
        "working_group_member" => "een lid van een werkgroep",
        "meeting" => "een vergadering",
        "municipality" => "een gemeente",
        "advice_request" => "een adviesaanvraag",
        "request_step" => "een stap van een adviesaanvraag",
        "letter_details" => "de briefgegevens van een advies",
        "letterhead" => "het briefpapier",
        "track" => "een planning",
        "track_municipality" => "de gemeenten van een planning",
        "milestone" => "een mijlpaal",
        "advice_section" => "een onderdeel van een advies",
        _ => "een gegeven",
    };
    if p.message
        .contains("UNIQUE constraint failed: meeting.held_on")
    {
        return "Een ander lid heeft los van u een vergadering op een datum toegevoegd waarop u er \
                ook een hebt. Die van de ander wacht; verwijder een van de twee bij Instellingen \
                → Plenaire vergaderingen, dan komen de gegevens weer gelijk."
            .into();
    }
    if p.message.contains("UNIQUE constraint failed: track.name") {
        return "Een ander lid heeft los van u een planning met dezelfde naam gemaakt. Die van de \
                ander wacht; geef een van de twee een andere naam of verwijder er een."
            .into();
    }
    if p.message.contains("FOREIGN KEY") {
        return format!(
            "Een wijziging in {kind} van een ander lid wacht op iets waar zij naar verwijst en \
             dat nog niet binnen is; de volgende synchronisatie probeert het opnieuw."
        );
    }
    format!(
        "Een wijziging in {kind} van een ander lid past niet en is nog niet overgenomen ({}).",
        p.message
    )
}

/// The passphrase again, for inviting the next member.
pub fn passphrase(store: &Store) -> Result<Option<String>> {
    Ok(store.get_space()?.map(|s| s.passphrase))
}
