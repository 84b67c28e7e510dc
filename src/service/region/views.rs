//! What the region looks like from this council: the texts, one text with its proposals
//! inline, the councils' rows, the overview, and the councils' dates on the timeline.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use advieswerk_sync::regional::{MarkKind, ProposalState};

use crate::RequestId;
use crate::error::{Error, Result};
use crate::status::Tenor;
use crate::store::Store;

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
    pub request_id: RequestId,
    pub section_id: crate::SectionId,
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

pub(super) fn tenor_label(code: &str) -> String {
    Tenor::from_code(code).map_or_else(|| code.to_owned(), |t| t.label_nl().to_owned())
}

pub(super) fn date(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(crate::date::from_iso)
}

pub(super) fn council_rows(
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
    let names = CouncilNames {
        names: states
            .iter()
            .map(|c| (c.council_id.clone(), c.council_name.clone()))
            .collect(),
        own: own.clone(),
        own_name: region
            .as_ref()
            .map(|r| r.council_name.clone())
            .unwrap_or_else(|| "uw raad".into()),
    };
    let proposals: Vec<ProposalView> = store
        .list_proposals(text_id)?
        .into_iter()
        .map(|p| proposal_view(p, &names))
        .collect();
    let (runs, states_now, history) = store.read_regional(text_id, |d| {
        (d.body_runs(), d.proposal_states(), d.history())
    })?;
    let pieces = runs
        .into_iter()
        .filter_map(|r| text_piece(r, &states_now))
        .collect();
    let own_token = region.as_ref().map(|r| r.member_token.clone());
    let me = store.member();
    // Members of this council by their token; other councils' members stay unnamed.
    let authors = store.list_region_authors()?;
    let history = history
        .map_err(|e| Error::Sync(e.to_string()))?
        .into_iter()
        .rev()
        .filter(|h| h.text || h.proposals)
        .take(50)
        .map(|h| {
            let (c, token) = h.author.split_once('/').unwrap_or((&h.author, ""));
            let mut who = names.of(c);
            if c == own {
                if Some(token) == own_token.as_deref() {
                    who = match &me {
                        Some(m) => format!("{m} ({who})"),
                        None => format!("deze computer ({who})"),
                    };
                } else if let Some(m) = authors.get(token) {
                    who = format!("{m} ({who})");
                }
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

/// The councils following a text, named by id: this council by its own name, one that no
/// longer follows the text by what it was.
struct CouncilNames {
    names: BTreeMap<String, String>,
    own: String,
    own_name: String,
}

impl CouncilNames {
    fn of(&self, id: &str) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| {
            if id == self.own {
                self.own_name.clone()
            } else {
                "een raad die de tekst niet meer volgt".into()
            }
        })
    }
}

fn proposal_view(p: crate::store::region::ProposalRecord, names: &CouncilNames) -> ProposalView {
    ProposalView {
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
        council_name: names.of(&p.council_id),
        decided_by: p.decided_by.as_deref().map(|c| names.of(c)),
        ours: p.council_id == names.own,
        id: p.id,
        kind: p.kind,
        passage: p.passage,
        words: p.words,
        reason: p.reason,
        state: p.state,
    }
}

/// A run of the text as shown: an open proposal's insertion as added, its deletion as removed;
/// text an accepted proposal removed (or an insertion not taken) is not shown.
fn text_piece(
    r: advieswerk_sync::regional::Run,
    states_now: &HashMap<String, ProposalState>,
) -> Option<TextPiece> {
    let open = r
        .marks
        .iter()
        .find(|(id, _)| states_now.get(id) == Some(&ProposalState::Open));
    let hidden = advieswerk_sync::regional::hidden(&r.marks, states_now);
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
pub(in crate::service) fn timeline_items(
    store: &Store,
) -> Result<Vec<crate::planning::TimelineItem>> {
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
