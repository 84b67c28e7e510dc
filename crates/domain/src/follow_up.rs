//! What became of an advice after it was sent: its recommendations (taken from the numbered
//! points of the adopted text), the college's reaction with an outcome per recommendation, the
//! commitments (*toezeggingen*) in it, and the follow-up steps beside the status (a reminder
//! sent, the municipal council informed). Types, the extraction of recommendations and the
//! validation of every input; the SQL is in `store::follow_up`, the use cases in `service`.

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::error::{Problems, Result};

/// What the college did with one recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Adopted,
    PartlyAdopted,
    NotAdopted,
    /// *Voor kennisgeving aangenomen*: noted, nothing decided.
    Noted,
    /// The reaction does not mention it.
    NoReaction,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Adopted,
        Outcome::PartlyAdopted,
        Outcome::NotAdopted,
        Outcome::Noted,
        Outcome::NoReaction,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::PartlyAdopted => "partly_adopted",
            Outcome::NotAdopted => "not_adopted",
            Outcome::Noted => "noted",
            Outcome::NoReaction => "no_reaction",
        }
    }

    pub fn from_code(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == s)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Outcome::Adopted => "Overgenomen",
            Outcome::PartlyAdopted => "Deels overgenomen",
            Outcome::NotAdopted => "Niet overgenomen",
            Outcome::Noted => "Voor kennisgeving aangenomen",
            Outcome::NoReaction => "Geen reactie",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    Open,
    /// *Afgedaan*, with a note on how.
    Done,
    /// *Verlopen*: the college let it lapse.
    Lapsed,
}

impl CommitmentStatus {
    pub const ALL: [CommitmentStatus; 3] = [
        CommitmentStatus::Open,
        CommitmentStatus::Done,
        CommitmentStatus::Lapsed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::Done => "done",
            CommitmentStatus::Lapsed => "lapsed",
        }
    }
    pub fn from_code(s: &str) -> Option<CommitmentStatus> {
        CommitmentStatus::ALL.into_iter().find(|c| c.code() == s)
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "Open",
            CommitmentStatus::Done => "Afgedaan",
            CommitmentStatus::Lapsed => "Verlopen",
        }
    }
}

/// A follow-up step that does not change the advice's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    /// *Herinnering verstuurd*: the college was reminded of its reaction.
    ReminderSent,
    /// *Gemeenteraad geïnformeerd*: the advice (and the reaction) went to the municipal council.
    CouncilInformed,
}

impl FollowUpKind {
    pub fn code(self) -> &'static str {
        match self {
            FollowUpKind::ReminderSent => "reminder_sent",
            FollowUpKind::CouncilInformed => "council_informed",
        }
    }
    pub fn from_code(s: &str) -> Option<FollowUpKind> {
        [FollowUpKind::ReminderSent, FollowUpKind::CouncilInformed]
            .into_iter()
            .find(|k| k.code() == s)
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            FollowUpKind::ReminderSent => "Herinnering verstuurd",
            FollowUpKind::CouncilInformed => "Gemeenteraad geïnformeerd",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    pub id: String,
    pub number: u32,
    /// The title of the section the point was taken from.
    pub section_title: String,
    pub title: String,
    pub body: String,
    /// Merged, split, moved or edited by hand: a new adoption then keeps the list as it is.
    pub edited: bool,
    pub outcome: Option<Outcome>,
    pub reasoning: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub received_on: NaiveDate,
    pub reference: String,
    pub summary: String,
    /// The college's letter as it was attached: its file name (empty without one).
    pub letter_name: String,
    pub letter_size: u64,
    /// Whether the letter's bytes are on this computer (a member who attached it elsewhere
    /// shares its name, not the file).
    pub letter_here: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Commitment {
    pub id: String,
    pub request_id: crate::RequestId,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    pub status: CommitmentStatus,
    pub note: String,
    /// Open and its date has passed.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpStep {
    pub id: String,
    pub kind: FollowUpKind,
    pub on: NaiveDate,
    pub note: String,
}

/// Everything after the letter, as the request's page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub request_id: crate::RequestId,
    pub sent_on: Option<NaiveDate>,
    pub sent_reference: String,
    /// This request's own reaction term, when it differs from the council's.
    pub reaction_term_days: Option<u32>,
    pub council_reaction_term_days: u32,
    pub reaction_expected_on: Option<NaiveDate>,
    pub recommendations: Vec<Recommendation>,
    pub reaction: Option<Reaction>,
    pub commitments: Vec<Commitment>,
    pub steps: Vec<FollowUpStep>,
}

/// A recommendation as read from the adopted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub section_title: String,
    pub title: String,
    pub body: String,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 20_000;
const TITLE_CHARS: usize = 90;

/// The numbered top-level points of the sections (title, Markdown), in order: each item of a
/// numbered list that is not inside another list or quote. Sub-points stay in their point's text.
pub fn extract(sections: &[(&str, &str)]) -> Vec<Extracted> {
    let mut out = Vec::new();
    for (title, body) in sections {
        let mut depth = 0usize;
        let mut numbered_top = false;
        for (ev, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
            match ev {
                Event::Start(Tag::List(start)) => {
                    if depth == 0 {
                        numbered_top = start.is_some();
                    }
                    depth += 1;
                }
                Event::End(TagEnd::List(_)) => depth -= 1,
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
                Event::Start(Tag::Item) if depth == 1 && numbered_top => {
                    let text = item_text(&body[range]);
                    if !text.is_empty() {
                        out.push(Extracted {
                            section_title: title.to_string(),
                            title: short_title(&text),
                            body: text,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// An item's Markdown without its marker ("3. ", "3) ") and with its continuation lines
/// unindented by the marker's width.
fn item_text(src: &str) -> String {
    let trimmed = src.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    let rest = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .unwrap_or(rest);
    let width = digits + 1 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let mut lines = rest.trim_start_matches([' ', '\t']).lines();
    let mut out = lines.next().unwrap_or("").to_owned();
    for line in lines {
        out.push('\n');
        let indent = line.len() - line.trim_start_matches(' ').len();
        out.push_str(&line[indent.min(width)..]);
    }
    out.trim().to_owned()
}

/// The plain words of a bit of Markdown (markup dropped), on one line.
fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new_ext(markdown, Options::empty()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A short title from the point's first sentence: up to its first colon, full stop, question
/// or exclamation mark, cut at a word near `TITLE_CHARS` with an ellipsis if still long.
pub fn short_title(markdown: &str) -> String {
    let text = plain(markdown);
    let end = text
        .char_indices()
        .find(|(i, c)| {
            matches!(c, ':' | '?' | '!') || (*c == '.' && text[i + 1..].starts_with(' ') && *i > 2)
        })
        .map_or(
            text.len(),
            |(i, c)| if c == '?' || c == '!' { i + 1 } else { i },
        );
    let first = text[..end].trim();
    if first.chars().count() <= TITLE_CHARS {
        return first.to_owned();
    }
    let mut cut: String = first.chars().take(TITLE_CHARS).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationInput {
    pub number: u32,
    pub title: String,
    pub body: String,
}

/// Checks an edited recommendation; `count` is how many the advice has (a number moves it).
pub fn validate_recommendation(input: &RecommendationInput, count: usize) -> Result<()> {
    let mut p = Problems::default();
    if input.number == 0 || input.number as usize > count {
        p.add(
            "number",
            format!("Kies een nummer van 1 tot en met {count}."),
        );
    }
    let title = input.title.trim();
    if title.is_empty() {
        p.add("title", "Geef de aanbeveling een korte titel.");
    } else if title.chars().count() > MAX_TITLE {
        p.add("title", format!("Maximaal {MAX_TITLE} tekens."));
    }
    let body = input.body.trim();
    if body.is_empty() {
        p.add("body", "De tekst van de aanbeveling is leeg.");
    } else if body.chars().count() > MAX_TEXT {
        p.add("body", format!("Maximaal {MAX_TEXT} tekens."));
    }
    p.into_result()
}

/// Where a recommendation's text is split in two: both halves must keep words.
pub fn split_at(body: &str, at: usize) -> Result<(String, String)> {
    let chars = body.chars().count();
    let byte = body.char_indices().nth(at).map_or(body.len(), |(i, _)| i);
    let (a, b) = (body[..byte].trim(), body[byte..].trim());
    if at == 0 || at >= chars || a.is_empty() || b.is_empty() {
        return Err(crate::Error::validation(
            "at",
            "Zet de cursor in de tekst op de plek waar de tweede aanbeveling begint; \
             beide delen moeten tekst houden.",
        ));
    }
    Ok((a.to_owned(), b.to_owned()))
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeInput {
    pub recommendation_id: String,
    pub outcome: Option<Outcome>,
    pub reasoning: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReactionInput {
    pub received_on: String,
    pub reference: String,
    pub summary: String,
    pub outcomes: Vec<OutcomeInput>,
}

/// The reaction as it may be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReaction {
    pub received_on: NaiveDate,
    pub reference: String,
    pub summary: String,
    pub outcomes: Vec<(String, Option<Outcome>, String)>,
}

/// Checks a reaction against the advice: it comes after the letter was sent and not after
/// today, and every outcome belongs to one of this advice's recommendations (`known`).
pub fn validate_reaction(
    input: &ReactionInput,
    sent_on: Option<NaiveDate>,
    today: NaiveDate,
    known: &[&str],
) -> Result<ValidReaction> {
    let mut p = Problems::default();
    let received_on = p.take("receivedOn", date::parse(&input.received_on));
    match (received_on, sent_on) {
        (_, None) => p.add(
            "receivedOn",
            "Het advies is nog niet verzonden; een reactie van het college kan pas daarna komen.",
        ),
        (Some(r), Some(s)) if r < s => p.add(
            "receivedOn",
            format!(
                "De reactie ({}) kan niet vóór de verzending van het advies ({}) zijn ontvangen.",
                date::long_nl(r),
                date::long_nl(s)
            ),
        ),
        (Some(r), _) if r > today => p.add(
            "receivedOn",
            "De datum ligt in de toekomst; leg de reactie vast als die binnen is.",
        ),
        _ => {}
    }
    let reference = input.reference.trim();
    if reference.chars().count() > crate::request::MAX_SHORT {
        p.add(
            "reference",
            format!("Maximaal {} tekens.", crate::request::MAX_SHORT),
        );
    }
    let summary = input.summary.trim();
    if summary.chars().count() > MAX_TEXT {
        p.add("summary", format!("Maximaal {MAX_TEXT} tekens."));
    }
    let mut outcomes = Vec::new();
    for (i, o) in input.outcomes.iter().enumerate() {
        if !known.contains(&o.recommendation_id.as_str()) {
            p.add(
                &format!("outcomes[{i}].recommendationId"),
                "Deze aanbeveling hoort niet (meer) bij dit advies; laad de pagina opnieuw.",
            );
            continue;
        }
        if outcomes.iter().any(|(id, _, _)| *id == o.recommendation_id) {
            p.add(
                &format!("outcomes[{i}].recommendationId"),
                "Deze aanbeveling staat twee keer in de reactie.",
            );
            continue;
        }
        let reasoning = o.reasoning.trim();
        if reasoning.chars().count() > MAX_TEXT {
            p.add(
                &format!("outcomes[{i}].reasoning"),
                format!("Maximaal {MAX_TEXT} tekens."),
            );
        }
        outcomes.push((o.recommendation_id.clone(), o.outcome, reasoning.to_owned()));
    }
    p.into_result()?;
    Ok(ValidReaction {
        received_on: received_on.expect("a date that failed is a problem above"),
        reference: reference.to_owned(),
        summary: summary.to_owned(),
        outcomes,
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentInput {
    pub text: String,
    /// Empty when the college named no date.
    pub due_on: String,
    pub status: CommitmentStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidCommitment {
    pub text: String,
    pub due_on: Option<NaiveDate>,
    pub status: CommitmentStatus,
    pub note: String,
}

pub fn validate_commitment(input: &CommitmentInput) -> Result<ValidCommitment> {
    let mut p = Problems::default();
    let text = input.text.trim();
    if text.is_empty() {
        p.add("text", "Beschrijf wat het college heeft toegezegd.");
    } else if text.chars().count() > MAX_TITLE * 10 {
        p.add("text", format!("Maximaal {} tekens.", MAX_TITLE * 10));
    }
    let due_on = p
        .take("dueOn", date::parse_optional(&input.due_on))
        .flatten();
    let note = input.note.trim();
    if input.status == CommitmentStatus::Done && note.is_empty() {
        p.add(
            "note",
            "Schrijf kort hoe de toezegging is afgedaan (bijvoorbeeld: evaluatie besproken op 12 mei).",
        );
    } else if note.chars().count() > MAX_TEXT {
        p.add("note", format!("Maximaal {MAX_TEXT} tekens."));
    }
    p.into_result()?;
    Ok(ValidCommitment {
        text: text.to_owned(),
        due_on,
        status: input.status,
        note: note.to_owned(),
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpInput {
    pub kind: FollowUpKind,
    pub on: String,
    pub note: String,
}

/// A follow-up step is dated between the sending of the advice and today.
pub fn validate_follow_up(
    input: &FollowUpInput,
    sent_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, String)> {
    let mut p = Problems::default();
    let on = p.take("on", date::parse(&input.on));
    match (on, sent_on) {
        (_, None) => p.add(
            "on",
            format!(
                "‘{}’ kan pas als het advies is verzonden.",
                input.kind.label_nl()
            ),
        ),
        (Some(d), Some(s)) if d < s => p.add(
            "on",
            format!(
                "De datum ligt vóór de verzending van het advies ({}).",
                date::long_nl(s)
            ),
        ),
        (Some(d), _) if d > today => p.add(
            "on",
            "De datum ligt in de toekomst; leg een stap vast als die gezet is.",
        ),
        _ => {}
    }
    let note = input.note.trim();
    if note.chars().count() > crate::request::MAX_NOTES {
        p.add(
            "note",
            format!("Maximaal {} tekens.", crate::request::MAX_NOTES),
        );
    }
    p.into_result()?;
    Ok((on.expect("checked above"), note.to_owned()))
}

/// A reaction term given per request: empty means the council's.
pub fn parse_term(input: &str) -> Result<Option<u32>> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=365).contains(&n) => Ok(Some(n)),
        _ => Err(crate::Error::validation(
            "reactionTermDays",
            "Vul een aantal dagen van 1 tot en met 365 in, of laat het leeg voor de termijn van de raad.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_top_level_points_become_recommendations_with_their_sub_points() {
        let a = "Inleiding.\n\n1. Evaluatie: kijk terug.\n   - sub a\n2. Betrekken van ouders. \
                 Meer tekst.\n\nTussentekst.\n\n3. Derde punt?\n\n- een los punt\n";
        let b = "> 1. geciteerd punt\n\n1) Lokaal: eigen punt\n";
        let r = extract(&[("A. Regionaal", a), ("B. Lokaal", b)]);
        let titles: Vec<&str> = r.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Evaluatie", "Betrekken van ouders", "Derde punt?", "Lokaal"]
        );
        assert_eq!(r[0].body, "Evaluatie: kijk terug.\n- sub a");
        assert_eq!(r[3].section_title, "B. Lokaal");
    }

    #[test]
    fn a_long_first_sentence_is_cut_at_a_word() {
        let t = short_title(&"woord ".repeat(40));
        assert!(
            t.ends_with('…') && t.chars().count() <= TITLE_CHARS + 1,
            "{t}"
        );
    }

    #[test]
    fn a_reaction_before_the_sending_or_for_an_unknown_point_is_refused_at_its_field() {
        let d = |s| date::parse(s).unwrap();
        let input = ReactionInput {
            received_on: "01-02-2027".into(),
            reference: String::new(),
            summary: String::new(),
            outcomes: vec![OutcomeInput {
                recommendation_id: "onbekend".into(),
                outcome: Some(Outcome::Adopted),
                reasoning: String::new(),
            }],
        };
        let e =
            validate_reaction(&input, Some(d("10-02-2027")), d("01-03-2027"), &["a"]).unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["receivedOn", "outcomes[0].recommendationId"]);
    }

    #[test]
    fn a_commitment_needs_words_and_a_done_one_a_note() {
        let e = validate_commitment(&CommitmentInput {
            text: "  ".into(),
            due_on: "31-02-2027".into(),
            status: CommitmentStatus::Done,
            note: String::new(),
        })
        .unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["text", "dueOn", "note"]);
    }

    #[test]
    fn a_split_keeps_words_on_both_sides() {
        assert_eq!(
            split_at("Een. Twee.", 5).unwrap(),
            ("Een.".into(), "Twee.".into())
        );
        assert!(split_at("Een. Twee.", 0).is_err());
        assert!(split_at("Een.   ", 4).is_err());
    }
}
