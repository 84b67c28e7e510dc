//! A council's section A and the region: sharing it as a regional text, following one,
//! letting it go, saving into the text, and what the council adopted of it (frozen at the
//! adoption, flagged when the text changes after), with this council's row in the region.

use chrono::NaiveDate;

use advieswerk_sync::regional::{COUNCILS, META, META_ID};
use advieswerk_sync::replica::{Fields, Value};

use crate::SectionId;
use crate::advice;
use crate::diff;
use crate::error::{Error, Result};
use crate::status::{Status, Tenor};
use crate::store::Store;
use crate::store::advice::SectionRecord;
use crate::store::region::{LinkedSection, fingerprint};

use super::*;
use crate::RequestId;

pub(super) fn regional_section(store: &Store, section_id: &SectionId) -> Result<SectionRecord> {
    let s = store.get_section(section_id)?;
    if s.removed {
        return Err(Error::NotFound {
            entity: "section",
            id: section_id.to_string(),
        });
    }
    if advice::is_locked(store.get_request(&s.request_id)?.status) {
        return Err(Error::Locked);
    }
    Ok(s)
}

/// "Delen met de regio": a new regional text from a section of this council's advice, which
/// from now on follows it.
pub fn share_section(
    store: &mut Store,
    section_id: &SectionId,
    title: &str,
) -> Result<RegionalTextView> {
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
pub fn use_regional_text(store: &mut Store, section_id: &SectionId, text_id: &str) -> Result<()> {
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
pub fn unlink_section(store: &mut Store, section_id: &SectionId) -> Result<()> {
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
pub(in crate::service) fn section_regional(
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
pub(in crate::service) fn save_linked(
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
                    id: save.section_id.to_string(),
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
        saved_at: store.now(),
        stats: crate::markdown::stats(&body),
        merged_body: (body != save.body).then_some(body),
    })
}

/// After a step of a request: a section that follows a regional text is frozen at the version
/// the council adopts, follows the text again when the advice is reopened, and the region
/// learns the council's state.
pub(in crate::service) fn after_step(store: &mut Store, request_id: &RequestId) -> Result<()> {
    let links: Vec<LinkedSection> = store
        .list_linked_sections(None)?
        .into_iter()
        .filter(|l| &l.request_id == request_id)
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
pub(super) fn reconcile_adoption(store: &mut Store, l: &LinkedSection) -> Result<bool> {
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
pub(super) fn refresh_council_rows(store: &mut Store, only: Option<&str>) -> Result<()> {
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
    let cal = crate::service::Calendar::load(store, today)?;
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

/// "Nieuwe versie vaststellen": the council adopts the regional text as it reads now, recorded
/// as two steps (reopened for the new version, adopted again with the same tenor).
pub fn adopt_new_version(
    store: &mut Store,
    section_id: &SectionId,
    today: NaiveDate,
) -> Result<()> {
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
pub fn keep_own_version(store: &mut Store, section_id: &SectionId) -> Result<()> {
    let link = store
        .get_linked_section(section_id)?
        .ok_or_else(|| Error::validation("section", "Dit onderdeel volgt geen regionale tekst."))?;
    let t = store.get_regional_text(&link.text_id)?;
    Ok(store.keep_section_version(section_id, &t.fingerprint)?)
}
