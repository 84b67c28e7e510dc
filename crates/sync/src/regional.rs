//! A regional text: one advice passage the councils of a region write together, as a Loro
//! document of its own (`regio/<text id>`). Its body is one Loro text; its records are the
//! text's title (`tekst`), the proposals (`voorstel`) and each council's state (`raad`).
//!
//! A proposal lives inside the body as marks, not beside it: the passage it would replace is
//! marked `del` and its new words are inserted right after, marked `ins`, both under the key
//! `p:<proposal id>`. What everyone reads (the *visible* text) hides an open proposal's new
//! words and shows an accepted one's instead of its passage. So accepting is one field set
//! (the proposal's state), never an edit: two councils accepting at once cannot put the new
//! words in twice, and a passage edited meanwhile stays where the marks moved with it.

use std::collections::HashMap;

use loro::{
    ContainerTrait, ExpandType, Frontiers, LoroValue, StyleConfig, TextDelta, VersionVector,
};

use crate::error::{Error, Result};
use crate::replica::{Doc, Value};

/// The body's root container.
const BODY: &str = "tekst";
/// Tables of a regional document.
pub const META: &str = "tekst";
pub const PROPOSALS: &str = "voorstel";
pub const COUNCILS: &str = "raad";
/// The title record in `META`.
pub const META_ID: &str = "tekst";

const MARK_PREFIX: &str = "p:";

/// Where a proposal stands. Only `Accepted` changes the visible text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalState {
    Open,
    Accepted,
    Rejected,
}

impl ProposalState {
    pub fn code(self) -> &'static str {
        match self {
            ProposalState::Open => "open",
            ProposalState::Accepted => "accepted",
            ProposalState::Rejected => "rejected",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Rejected]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// What a mark says of the characters it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    /// The passage a proposal would take out (or replace).
    Delete,
    /// The words a proposal would put in.
    Insert,
}

/// A run of the body with the proposals that mark it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub marks: Vec<(String, MarkKind)>,
}

/// One change in the document's history: who (the commit message, `<council>/<member token>`),
/// when, and what it touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub author: String,
    pub at_unix: i64,
    pub text: bool,
    pub proposals: bool,
}

impl Doc {
    /// Marks never grow over words typed at their edges: a proposal covers what it covered.
    pub(crate) fn configure_marks(&self) {
        self.loro().config_default_text_style(Some(StyleConfig {
            expand: ExpandType::None,
        }));
    }

    /// The body's runs, with their proposal marks.
    pub fn body_runs(&self) -> Vec<Run> {
        let text = self.loro().get_text(BODY);
        let mut out: Vec<Run> = Vec::new();
        for d in text.to_delta() {
            let TextDelta::Insert { insert, attributes } = d else {
                continue;
            };
            let mut marks: Vec<(String, MarkKind)> = attributes
                .into_iter()
                .flatten()
                .filter_map(|(k, v)| {
                    let id = k.strip_prefix(MARK_PREFIX)?.to_owned();
                    match v {
                        LoroValue::String(s) if &*s == "ins" => Some((id, MarkKind::Insert)),
                        LoroValue::String(s) if &*s == "del" => Some((id, MarkKind::Delete)),
                        _ => None,
                    }
                })
                .collect();
            marks.sort();
            match out.last_mut() {
                Some(last) if last.marks == marks => last.text.push_str(&insert),
                _ => out.push(Run {
                    text: insert,
                    marks,
                }),
            }
        }
        out
    }

    /// Every proposal's state, by id.
    pub fn proposal_states(&self) -> HashMap<String, ProposalState> {
        self.records(PROPOSALS)
            .into_iter()
            .map(|(id, f)| {
                let state = match f.get("state") {
                    Some(Value::Text(s)) => ProposalState::from_code(s),
                    _ => None,
                };
                (id, state.unwrap_or(ProposalState::Open))
            })
            .collect()
    }

    /// The text as everyone reads it.
    pub fn visible_body(&self) -> String {
        let states = self.proposal_states();
        self.body_runs()
            .into_iter()
            .filter(|r| !hidden(&r.marks, &states))
            .map(|r| r.text)
            .collect()
    }

    /// Raw position (in characters) of each visible character, and the visible text.
    fn visible_map(&self) -> (Vec<usize>, Vec<char>, bool) {
        let states = self.proposal_states();
        let mut map = Vec::new();
        let mut chars = Vec::new();
        let mut raw = 0;
        let mut any_hidden = false;
        for r in self.body_runs() {
            let hide = hidden(&r.marks, &states);
            any_hidden |= hide;
            for c in r.text.chars() {
                if !hide {
                    map.push(raw);
                    chars.push(c);
                }
                raw += 1;
            }
        }
        (map, chars, any_hidden)
    }

    /// Makes the visible text `new`: the characters between the unchanged start and end are
    /// replaced, hidden words (an open proposal's) stay where they are.
    pub fn edit_body(&self, new: &str) -> Result<()> {
        let text = self.loro().get_text(BODY);
        let (map, old, any_hidden) = self.visible_map();
        if !any_hidden {
            // Nothing hidden: the raw text is the visible one, written as any other text.
            return crate::replica::update_text_pub(&text, new);
        }
        let old_s: String = old.iter().collect();
        let diff = similar::TextDiff::configure()
            .algorithm(similar::Algorithm::Myers)
            .timeout(std::time::Duration::from_millis(500))
            .diff_chars(old_s.as_str(), new);
        // Per visible character whether it goes, and per gap what comes in before it, walked
        // in the diff's own order (its index fields are not monotonic across op kinds).
        let n = old.len();
        let mut gone = vec![false; n];
        let mut added: Vec<String> = vec![String::new(); n + 1];
        let mut at = 0;
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Equal => at += change.value().chars().count(),
                similar::ChangeTag::Delete => {
                    for _ in change.value().chars() {
                        gone[at] = true;
                        at += 1;
                    }
                }
                similar::ChangeTag::Insert => added[at].push_str(change.value()),
            }
        }
        // From the end backwards, so the raw positions still to be used stay valid; a run of
        // deleted characters goes in one delete.
        let mut run: Option<(usize, usize)> = None;
        for g in (0..=n).rev() {
            if g < n && gone[g] {
                run = match run {
                    Some((start, len)) if map[g] + 1 == start => Some((map[g], len + 1)),
                    Some((start, len)) => {
                        text.delete(start, len)?;
                        Some((map[g], 1))
                    }
                    None => Some((map[g], 1)),
                };
            }
            if !added[g].is_empty() {
                if let Some((start, len)) = run.take() {
                    text.delete(start, len)?;
                }
                let pos = if g == 0 { 0 } else { map[g - 1] + 1 };
                text.insert(pos, &added[g])?;
            }
        }
        if let Some((start, len)) = run {
            text.delete(start, len)?;
        }
        Ok(())
    }

    /// Puts a proposal into the body: the visible characters `start..end` (may be empty: an
    /// addition) marked as its passage, `words` (may be empty: a deletion) inserted after them
    /// and marked as its new words. Returns the passage.
    pub fn mark_proposal(&self, id: &str, start: usize, end: usize, words: &str) -> Result<String> {
        let (map, chars, _) = self.visible_map();
        if start > end || end > chars.len() {
            return Err(Error::Document(format!(
                "passage {start}..{end} valt buiten de tekst ({} tekens)",
                chars.len()
            )));
        }
        if start == end && words.is_empty() {
            return Err(Error::Document("een leeg voorstel".into()));
        }
        let text = self.loro().get_text(BODY);
        let key = format!("{MARK_PREFIX}{id}");
        let at = if start < end {
            let (raw_start, raw_end) = (map[start], map[end - 1] + 1);
            text.mark(raw_start..raw_end, &key, "del")?;
            raw_end
        } else if start == 0 {
            0
        } else {
            map[start - 1] + 1
        };
        if !words.is_empty() {
            text.insert(at, words)?;
            text.mark(at..at + words.chars().count(), &key, "ins")?;
        }
        Ok(chars[start..end].iter().collect())
    }

    /// The visible text at an earlier version (`frontiers`, encoded), as it read then.
    pub fn visible_body_at(&self, frontiers: &[u8]) -> Result<String> {
        let f = Frontiers::decode(frontiers)?;
        let then = self.loro().fork_at(&f)?;
        let d = Doc::wrap(then);
        Ok(d.visible_body())
    }

    /// The version as it stands, to be given to `visible_body_at` later.
    pub fn frontiers(&self) -> Vec<u8> {
        self.loro().state_frontiers().encode()
    }

    /// The changes in order of time (oldest first): who, when, and whether they touched the
    /// text or the proposals.
    pub fn history(&self) -> Result<Vec<HistoryEntry>> {
        let body = self.loro().get_text(BODY).id();
        let proposals = self.loro().get_map(PROPOSALS).id();
        let json = self
            .loro()
            .export_json_updates(&VersionVector::default(), &self.loro().oplog_vv())?;
        let mut out: Vec<HistoryEntry> = json
            .changes
            .iter()
            .map(|c| {
                let touches = |root: &loro::ContainerID| {
                    c.ops.iter().any(|op| {
                        op.container == *root
                            || self
                                .loro()
                                .get_path_to_container(&op.container)
                                .and_then(|p| p.first().map(|(cid, _)| cid == root))
                                .unwrap_or(false)
                    })
                };
                HistoryEntry {
                    author: c.msg.clone().unwrap_or_default(),
                    at_unix: c.timestamp,
                    text: touches(&body),
                    proposals: touches(&proposals),
                }
            })
            .collect();
        out.sort_by_key(|e| e.at_unix);
        Ok(out)
    }
}

/// Whether a run with these marks is out of the text everyone reads: an open or rejected
/// proposal's new words, or an accepted proposal's passage.
pub fn hidden(marks: &[(String, MarkKind)], states: &HashMap<String, ProposalState>) -> bool {
    marks.iter().any(|(id, kind)| {
        let accepted = states.get(id) == Some(&ProposalState::Accepted);
        match kind {
            MarkKind::Insert => !accepted,
            MarkKind::Delete => accepted,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replica::Fields;

    fn proposal(doc: &Doc, id: &str, state: ProposalState) {
        let mut f = Fields::new();
        f.insert("state".into(), Value::Text(state.code().into()));
        doc.put(PROPOSALS, id, &f, &[]).unwrap();
    }

    fn sync(a: &Doc, b: &Doc) {
        b.import(&[a.export_since(None).unwrap()]).unwrap();
        a.import(&[b.export_since(None).unwrap()]).unwrap();
    }

    #[test]
    fn an_open_proposal_hides_its_words_until_accepted_and_then_replaces_its_passage() {
        let a = Doc::new();
        a.edit_body("De raad adviseert het college positief.")
            .unwrap();
        a.commit(1, "r1/t1");
        let start = "De raad adviseert het college ".chars().count();
        let passage = a
            .mark_proposal(
                "p1",
                start,
                start + "positief".len(),
                "positief met kanttekeningen",
            )
            .unwrap();
        proposal(&a, "p1", ProposalState::Open);
        a.commit(2, "r2/t2");
        assert_eq!(passage, "positief");
        assert_eq!(a.visible_body(), "De raad adviseert het college positief.");
        proposal(&a, "p1", ProposalState::Accepted);
        a.commit(3, "r1/t1");
        assert_eq!(
            a.visible_body(),
            "De raad adviseert het college positief met kanttekeningen."
        );
    }

    #[test]
    fn two_councils_accepting_one_proposal_at_once_put_its_words_in_once() {
        let a = Doc::new();
        a.edit_body("Alinea een.").unwrap();
        a.mark_proposal("p1", 11, 11, " Alinea twee.").unwrap();
        proposal(&a, "p1", ProposalState::Open);
        a.commit(1, "r1/t");
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        proposal(&a, "p1", ProposalState::Accepted);
        a.commit(2, "r2/t");
        proposal(&b, "p1", ProposalState::Accepted);
        b.commit(2, "r3/t");
        sync(&a, &b);
        assert_eq!(a.visible_body(), "Alinea een. Alinea twee.");
        assert_eq!(b.visible_body(), a.visible_body());
    }

    #[test]
    fn editing_around_an_open_proposal_keeps_it_and_its_hidden_words() {
        let a = Doc::new();
        a.edit_body("Een twee drie.").unwrap();
        a.mark_proposal("p1", 4, 8, "2").unwrap();
        proposal(&a, "p1", ProposalState::Open);
        a.commit(1, "r1/t");
        a.edit_body("Nul een twee drie vier.").unwrap();
        a.commit(2, "r1/t");
        assert_eq!(a.visible_body(), "Nul een twee drie vier.");
        proposal(&a, "p1", ProposalState::Accepted);
        assert_eq!(a.visible_body(), "Nul een 2 drie vier.");
    }

    #[test]
    fn a_rejected_proposal_leaves_the_text_as_it_was() {
        let a = Doc::new();
        a.edit_body("Schrappen: deze zin.").unwrap();
        a.mark_proposal("p1", 11, 20, "").unwrap();
        proposal(&a, "p1", ProposalState::Rejected);
        a.commit(1, "r1/t");
        assert_eq!(a.visible_body(), "Schrappen: deze zin.");
        proposal(&a, "p1", ProposalState::Accepted);
        assert_eq!(a.visible_body(), "Schrappen: ");
    }

    #[test]
    fn the_text_at_an_adopted_version_stays_readable_after_later_edits() {
        let a = Doc::new();
        a.edit_body("Versie een.").unwrap();
        a.commit(1, "r1/t");
        let adopted = a.frontiers();
        a.edit_body("Versie twee.").unwrap();
        a.commit(2, "r2/t");
        assert_eq!(a.visible_body_at(&adopted).unwrap(), "Versie een.");
        let h = a.history().unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].author, "r2/t");
        assert!(h[1].text && !h[1].proposals);
    }

    #[test]
    fn a_proposal_outside_the_text_is_refused() {
        let a = Doc::new();
        a.edit_body("Kort.").unwrap();
        assert!(a.mark_proposal("p1", 3, 99, "x").is_err());
        assert!(a.mark_proposal("p1", 2, 2, "").is_err());
    }

    /// A small deterministic generator: the same seed gives the same run, so a failure names
    /// the seed that reproduces it.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            if n == 0 {
                0
            } else {
                (self.next() % n as u64) as usize
            }
        }
    }

    const WORDS: [&str; 8] = [
        "zorg ", "wmo ", "jeugd ", "regio ", "ë ", "advies ", "\n", ". ",
    ];

    #[test]
    fn nine_councils_converge_on_one_text_under_random_concurrent_edits_and_proposals() {
        for seed in 1..=40u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let first = Doc::new();
            first
                .edit_body("Het regionale advies over de Wmo. ")
                .unwrap();
            first.commit(0, "r0/t");
            let base = first.export_since(None).unwrap();
            let docs: Vec<Doc> = (0..9)
                .map(|_| Doc::load(None, std::slice::from_ref(&base)).unwrap())
                .collect();
            let mut next_id = 0;
            for round in 0..6 {
                for (i, d) in docs.iter().enumerate() {
                    for _ in 0..rng.below(4) {
                        let visible: Vec<char> = d.visible_body().chars().collect();
                        let a = rng.below(visible.len() + 1);
                        let b = (a + rng.below(6)).min(visible.len());
                        let words = WORDS[rng.below(WORDS.len())];
                        match rng.below(4) {
                            0 | 1 => {
                                let mut want: String = visible[..a].iter().collect();
                                want.push_str(words);
                                want.extend(&visible[b..]);
                                d.edit_body(&want).unwrap();
                                assert_eq!(
                                    d.visible_body(),
                                    want,
                                    "seed {seed}: an edit reads back"
                                );
                            }
                            2 => {
                                next_id += 1;
                                let id = format!("p{next_id}");
                                if d.mark_proposal(
                                    &id,
                                    a,
                                    b,
                                    if b > a && rng.below(3) == 0 {
                                        ""
                                    } else {
                                        words
                                    },
                                )
                                .is_ok()
                                {
                                    proposal(d, &id, ProposalState::Open);
                                    assert_eq!(
                                        d.visible_body(),
                                        visible.iter().collect::<String>(),
                                        "seed {seed}: a proposal changes nothing yet"
                                    );
                                }
                            }
                            _ => {
                                let open: Vec<String> = d
                                    .proposal_states()
                                    .into_iter()
                                    .filter(|(_, s)| *s == ProposalState::Open)
                                    .map(|(id, _)| id)
                                    .collect();
                                if !open.is_empty() {
                                    let id = &open[rng.below(open.len())];
                                    let st = if rng.below(3) == 0 {
                                        ProposalState::Rejected
                                    } else {
                                        ProposalState::Accepted
                                    };
                                    proposal(d, id, st);
                                }
                            }
                        }
                        d.commit(round as i64 + 1, &format!("r{i}/t"));
                    }
                }
                // Some councils meet in the folder between rounds, not all.
                for _ in 0..rng.below(9) {
                    let (x, y) = (rng.below(9), rng.below(9));
                    if x != y {
                        sync(&docs[x], &docs[y]);
                    }
                }
            }
            let all: Vec<Vec<u8>> = docs.iter().map(|d| d.export_since(None).unwrap()).collect();
            for d in &docs {
                d.import(&all).unwrap();
            }
            let want = docs[0].visible_body();
            for (i, d) in docs.iter().enumerate() {
                assert_eq!(d.visible_body(), want, "seed {seed}: council {i} differs");
                assert_eq!(
                    d.proposal_states(),
                    docs[0].proposal_states(),
                    "seed {seed}"
                );
            }
        }
    }
}
