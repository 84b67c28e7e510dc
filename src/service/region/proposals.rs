//! Proposals: a council proposes to replace, add or delete a passage; another council
//! accepts or rejects it.

use serde::Deserialize;
use ts_rs::TS;

use advieswerk_sync::regional::{PROPOSALS, ProposalState};
use advieswerk_sync::replica::{Fields, Value};

use crate::error::{Error, Result};
use crate::store::Store;

use super::*;

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

pub(super) const MAX_REASON: usize = 2000;

pub(super) const MAX_WORDS: usize = 20_000;

pub(super) fn utf16_to_chars(s: &str, at: u32) -> Option<usize> {
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
    let found = store.get_proposal(proposal_id)?;
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
