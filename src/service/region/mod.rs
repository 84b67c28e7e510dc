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
//!
//! This module: joining or making the region's folder, its status, and the round. Section A's
//! link and adoption are in `linking`, proposals in `proposals`, what the screens show in
//! `views`, the regional text as a document in `export`.

mod export;
mod linking;
mod proposals;
mod views;

pub use export::*;
pub use linking::{
    adopt_new_version, keep_own_version, share_section, unlink_section, use_regional_text,
};
pub(super) use linking::{after_step, save_linked, section_regional};
use linking::{reconcile_adoption, refresh_council_rows};
pub use proposals::*;
pub(super) use views::timeline_items;
pub use views::*;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use advieswerk_sync::folder::{self, FileKind, Payload, Refusal, Space};
use advieswerk_sync::key::{self, Cost};

use crate::Stamp;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::sharing::Docs;

use super::sharing::{
    SNAPSHOT_EVERY, Sharing, folder_dir, highest_own, read_unseen, refused_files,
};

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

const MAX_NAME: usize = 120;

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
    let (folder, name, municipality) = entering(store, folder, council_name, municipality)?;
    let passphrase = key::new_passphrase()?;
    let space = Space::create(
        &folder,
        &passphrase,
        sharing.cost().unwrap_or(Cost::DEFAULT),
    )?;
    if let Err(e) = enter(store, &folder, &passphrase, &name, &municipality) {
        // Nobody is in this region: the folder must not keep its header.
        let _ = std::fs::remove_file(folder.join(folder::HEADER));
        return Err(e);
    }
    sharing.region.space = Some(space);
    region_round(store, sharing);
    Ok(RegionCreated {
        passphrase,
        status: region_status(store, sharing)?,
    })
}

/// What making and joining a region both check first: not in a region yet, a name and a
/// municipality for the others to see, a folder that is there, a council to be.
fn entering(
    store: &Store,
    folder: &Path,
    council_name: &str,
    municipality: &str,
) -> Result<(std::path::PathBuf, String, String)> {
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
    Ok((folder, name, municipality))
}

/// This installation's place in the region, with a device id and a member token of its own.
fn enter(
    store: &mut Store,
    folder: &Path,
    passphrase: &str,
    name: &str,
    municipality: &str,
) -> Result<()> {
    store.insert_region(
        folder,
        passphrase,
        &folder::new_device_id()?,
        &folder::new_device_id()?,
        name,
        municipality,
    )?;
    Ok(())
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
    let (folder, name, municipality) = entering(store, folder, council_name, municipality)?;
    let passphrase = key::normalize_passphrase(passphrase)?;
    let space = Space::open(&folder, &passphrase)?;
    enter(store, &folder, &passphrase, &name, &municipality)?;
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
    // The other members of this council learn whose token this is (through the council's
    // folder); a council on one desktop has no one to tell.
    if let Some(member) = store.member() {
        store.upsert_region_author(&record.member_token, &member)?;
    }
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
    let mut seq = store.reserve_region_seq(highest_own(&listing.files, &record.device_id) + 1)?;
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
    let (files, mut refusals) = read_unseen(&space, &listing.files, &store.list_seen()?);
    let applied = store.apply_regional(&mut rt.docs, &files)?;
    refusals.extend(refused_files(applied.refused));
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
    let last = r.last_round_at.map(Stamp::instant);
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
