//! Writing the advice: opening an advice (with the letter's default sections the first time),
//! saving a section durably (with revisions at pauses and intervals, and an emergency copy when
//! a save fails), adding, moving, removing and restoring sections, revisions and their word
//! diff, and the Markdown preview.

use crate::RequestId;
use crate::advice;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::advice::SectionRecord;
use crate::{RevisionId, SectionId, Stamp};

/// A section as the editor and the letter see it: one that follows a regional text shows that
/// text (or what the council adopted of it) instead of its own.
fn section_view(store: &Store, s: SectionRecord) -> Result<advice::Section> {
    let (body, version, regional) = match super::region::section_regional(store, &s)? {
        Some((body, version, r)) => (body, version, Some(r)),
        None => (s.body, s.version, None),
    };
    Ok(advice::Section {
        stats: crate::markdown::stats(&body),
        id: s.id,
        position: s.position,
        title: s.title,
        scope: s.scope,
        body,
        version,
        updated_at: s.updated_at,
        regional,
    })
}

/// Opens the advice of a request for writing: a request that has none yet gets the letter's
/// default sections first (a write, hence the name), then the advice as `get_advice` reads it.
pub fn open_advice(store: &mut Store, request_id: &RequestId) -> Result<advice::Advice> {
    store.get_request(request_id)?;
    store.ensure_sections(request_id, &advice::DEFAULT_SECTIONS)?;
    get_advice(store, request_id)
}

/// The advice of a request as stored; reading never writes (a request whose advice was never
/// opened has no sections).
pub fn get_advice(store: &Store, request_id: &RequestId) -> Result<advice::Advice> {
    let r = store.get_request(request_id)?;
    Ok(advice::Advice {
        request_id: request_id.to_owned(),
        locked: advice::is_locked(r.status),
        sections: store
            .list_sections(request_id)?
            .into_iter()
            .map(|s| section_view(store, s))
            .collect::<Result<_>>()?,
    })
}

fn check_unlocked(store: &Store, request_id: &RequestId) -> Result<()> {
    if advice::is_locked(store.get_request(request_id)?.status) {
        return Err(Error::Locked);
    }
    Ok(())
}

/// The section, if it is part of its advice and the advice may still be edited.
fn editable_section(store: &Store, section_id: &SectionId) -> Result<SectionRecord> {
    let section = store.get_section(section_id)?;
    if section.removed {
        return Err(Error::NotFound {
            entity: "section",
            id: section_id.to_string(),
        });
    }
    check_unlocked(store, &section.request_id)?;
    Ok(section)
}

/// Saves one section durably. A revision is kept when the writer paused, when the section has
/// none yet, or when the last one is older than the revision interval.
pub fn save_section(store: &mut Store, save: &advice::SectionSave) -> Result<advice::SectionSaved> {
    advice::validate_save(save)?;
    editable_section(store, &save.section_id)?;
    if let Some(link) = store.get_linked_section(&save.section_id)? {
        return super::region::save_linked(store, save, &link);
    }
    let cutoff = Stamp::at(
        store.clock().now() - chrono::Duration::minutes(advice::REVISION_INTERVAL_MINUTES),
    );
    let revision = if save.checkpoint {
        Some(advice::RevisionReason::Pause)
    } else if store
        .last_revision_at(&save.section_id)?
        .is_none_or(|at| at < cutoff)
    {
        Some(advice::RevisionReason::Interval)
    } else {
        None
    };
    let mut body = save.body.clone();
    let mut base_version = save.base_version;
    if let Some(base) = &save.base_body {
        // Another member's edit came in since the editor's version: merge, don't refuse.
        let current = store.get_section(&save.section_id)?;
        if current.version != save.base_version {
            body = crate::sync::replica::merge_texts(base, &save.body, &current.body)
                .map_err(|e| Error::Sync(e.to_string()))?;
            base_version = current.version;
        }
    }
    let (version, saved_at) = store.save_section(
        &save.section_id,
        base_version,
        save.title.trim(),
        &body,
        revision,
    )?;
    Ok(advice::SectionSaved {
        section_id: save.section_id.clone(),
        version,
        saved_at,
        stats: crate::markdown::stats(&body),
        merged_body: (body != save.body).then_some(body),
    })
}

/// Like `save_section`, but a save that fails for any reason other than invalid input leaves
/// an emergency copy of the text in the first of `rescue_dirs` that takes it, and says where.
pub fn save_section_or_rescue(
    store: &mut Store,
    save: &advice::SectionSave,
    rescue_dirs: &[std::path::PathBuf],
) -> Result<advice::SectionSaved> {
    let at = store.clock().now();
    match save_section(store, save) {
        Err(Error::Validation(f)) => Err(Error::Validation(f)),
        Err(cause) => Err(Error::NotSaved {
            rescued_to: crate::rescue::write(rescue_dirs, &save.title, &save.body, at),
            cause: Box::new(cause),
        }),
        saved => saved,
    }
}

/// Adds a section to an advice, before the closing section when the advice ends with one
/// (that is where a letter's additional parts belong).
pub fn add_section(store: &mut Store, new: &advice::NewSection) -> Result<advice::Advice> {
    advice::validate_new(new)?;
    check_unlocked(store, &new.request_id)?;
    let sections = store.list_sections(&new.request_id)?;
    let position = match sections.last() {
        Some(last) if last.scope == advice::SectionScope::Closing => last.position,
        Some(last) => last.position + 1,
        None => 1,
    };
    store.insert_section(&new.request_id, position, new.title.trim(), new.scope)?;
    get_advice(store, &new.request_id)
}

pub fn move_section(
    store: &mut Store,
    section_id: &SectionId,
    direction: advice::Direction,
) -> Result<advice::Advice> {
    let s = editable_section(store, section_id)?;
    store.move_section(section_id, direction == advice::Direction::Up)?;
    get_advice(store, &s.request_id)
}

/// Takes a section out of the advice; `restore_section` undoes it. Text and revisions are kept.
pub fn remove_section(store: &mut Store, section_id: &SectionId) -> Result<advice::Advice> {
    let s = editable_section(store, section_id)?;
    store.set_section_removed(section_id, true)?;
    get_advice(store, &s.request_id)
}

pub fn restore_section(store: &mut Store, section_id: &SectionId) -> Result<advice::Advice> {
    let s = store.get_section(section_id)?;
    check_unlocked(store, &s.request_id)?;
    store.set_section_removed(section_id, false)?;
    get_advice(store, &s.request_id)
}

/// What changed between a revision and the section's current text, word by word.
pub fn compare_revision(
    store: &Store,
    section_id: &SectionId,
    revision_id: &RevisionId,
) -> Result<Vec<crate::diff::DiffPart>> {
    let current = store.get_section(section_id)?;
    let revision = store
        .list_revisions(section_id)?
        .into_iter()
        .find(|r| &r.id == revision_id)
        .ok_or_else(|| Error::NotFound {
            entity: "revision",
            id: revision_id.to_string(),
        })?;
    Ok(crate::diff::words(&revision.body, &current.body))
}

pub fn list_revisions(store: &Store, section_id: &SectionId) -> Result<Vec<advice::Revision>> {
    store.get_section(section_id)?;
    Ok(store
        .list_revisions(section_id)?
        .into_iter()
        .map(|r| advice::Revision {
            stats: crate::markdown::stats(&r.body),
            id: r.id,
            seq: r.seq,
            reason: r.reason,
            created_at: r.created_at,
            author: member_name(&r.created_by),
            title: r.title,
            body: r.body,
        })
        .collect())
}

/// A change's author as a member reads it: the name it was signed with, never an
/// installation's id (what a council that does not share signs with).
fn member_name(by: &str) -> Option<String> {
    let is_id = by.len() == 36 && by.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    (!is_id && !by.trim().is_empty()).then(|| by.to_owned())
}

pub fn restore_revision(
    store: &mut Store,
    section_id: &SectionId,
    revision_id: &RevisionId,
    base_version: u32,
) -> Result<advice::Section> {
    editable_section(store, section_id)?;
    store.restore_revision(section_id, revision_id, base_version)?;
    section_view(store, store.get_section(section_id)?)
}

/// The Markdown preview, rendered by the same renderer as the letter.
pub fn render_preview(body: &str) -> Result<crate::markdown::Preview> {
    crate::markdown::preview(body).map_err(|e| Error::validation("body", e.to_string()))
}
