//! The annual report (*jaarverslag*) and the year's publication. The figures are counted from
//! the register: requests received in the year (by their received date), and the advice given
//! in the year (requests whose latest sending falls in it, withdrawn ones left out) with what
//! followed: timeliness against the due date, tenor, the college's outcome per recommendation,
//! the reaction against its term, open commitments. The report is one document model rendered
//! like the letters; the publication is a folder of static pages without the confidential ones.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::advice::SectionScope;
use crate::date;
use crate::deadline;
use crate::error::{Error, Result};
use crate::follow_up::{CommitmentStatus, Outcome};
use crate::letter::model::{Bar, Block, Chart, Form, Inline, Letter, Part, Reader};
use crate::letter::publication::{self, PublishedAdvice, PublishedReaction};
use crate::request::RequestKind;
use crate::status::{Status, Tenor};
use crate::store::Store;
use crate::store::follow_up::ReportTexts;
use crate::store::report::{GivenAdvice, ReportRecommendation};

use super::letter::{LetterFormat, check_year, text};
use crate::RequestId;

/// A label with its count.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ThemeCount {
    /// "Zonder thema" for requests without one.
    pub theme: String,
    pub asked: u32,
    pub unasked: u32,
}

/// One advice of the year in the report's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearAdvice {
    pub request_id: RequestId,
    /// The subject, or for a confidential request only that it is one.
    pub subject: String,
    pub confidential: bool,
    pub sent_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    /// Days after the due date it was sent (none when on time or without one).
    pub days_late: Option<u32>,
    pub tenor: Option<Tenor>,
    pub reaction_on: Option<NaiveDate>,
    pub reaction_late: bool,
    /// The outcomes in one line, or what is known of the reaction.
    pub outcome_line: String,
}

/// One year's share on time and share adopted, for the charts over the years.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearShare {
    pub year: i32,
    pub given: u32,
    pub on_time_percent: Option<u32>,
    pub adopted_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnnualFigures {
    pub year: i32,
    pub received: u32,
    pub asked: u32,
    pub unasked: u32,
    pub per_theme: Vec<ThemeCount>,
    /// Of the requests received in the year: ended without advice, withdrawn.
    pub declined: u32,
    pub withdrawn: u32,
    pub given: u32,
    /// Advice given that had a due date, and of those on time or late.
    pub with_due_date: u32,
    pub on_time: u32,
    pub late: u32,
    pub late_days_max: u32,
    /// Rounded to whole days.
    pub late_days_average: Option<u32>,
    pub tenors: Vec<Count>,
    pub recommendations: u32,
    /// Every outcome, then "Nog niet bekend" for recommendations without one.
    pub outcomes: Vec<Count>,
    /// *Overgenomen* of the recommendations with an outcome, in whole percents.
    pub adopted_percent: Option<u32>,
    pub reactions_received: u32,
    /// Received after the reaction term.
    pub reactions_late: u32,
    /// Not received and the term has passed.
    pub reactions_missing: u32,
    /// Not received, the term still running.
    pub reactions_awaited: u32,
    pub open_commitments: u32,
    pub council_informed: u32,
    pub meetings_held: u32,
    pub advices: Vec<YearAdvice>,
    /// The last five years up to this one.
    pub history: Vec<YearShare>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnnualReport {
    pub year: i32,
    pub introduction: String,
    pub closing: String,
    pub figures: AnnualFigures,
    /// Years with advice, newest first, for the year choice.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportTextsInput {
    pub introduction: String,
    pub closing: String,
}

fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((f64::from(part) * 100.0) / f64::from(whole)).round() as u32)
}

fn outcome_line(g: &GivenAdvice, recs: &[&ReportRecommendation]) -> String {
    let Some(on) = g.reaction_on else {
        return "Nog geen reactie ontvangen".into();
    };
    let mut parts = Vec::new();
    for o in Outcome::ALL {
        let n = recs.iter().filter(|r| r.outcome == Some(o)).count();
        if n > 0 {
            parts.push(format!("{n} {}", o.label_nl().to_lowercase()));
        }
    }
    if parts.is_empty() {
        format!("Reactie ontvangen op {}", date::long_nl(on))
    } else {
        format!("Reactie van {}: {}", date::long_nl(on), parts.join(", "))
    }
}

/// The year's figures as of `today` (reactions not yet due are awaited, not missing).
pub fn annual_figures(store: &Store, year: i32, today: NaiveDate) -> Result<AnnualFigures> {
    check_year(year)?;
    let council_term = store.get_terms()?.reaction_term_days;
    let received = store.received_in_year(year)?;
    let count = |f: &dyn Fn(&crate::store::report::ReceivedRequest) -> bool| {
        received.iter().filter(|r| f(r)).count() as u32
    };

    let given = store.given_in_year(year)?;
    let recs = store.recommendations_given_in_year(year)?;
    let mut by_request: BTreeMap<&str, Vec<&ReportRecommendation>> = BTreeMap::new();
    for r in &recs {
        by_request.entry(r.request_id.as_str()).or_default().push(r);
    }

    let mut with_due_date = 0;
    let mut late_days = Vec::new();
    let mut reactions = Reactions::default();
    let mut advices = Vec::with_capacity(given.len());
    for g in &given {
        let days_late = g.due_on.and_then(|due| {
            with_due_date += 1;
            let d = (g.sent_on - due).num_days();
            (d > 0).then_some(d as u32)
        });
        if let Some(d) = days_late {
            late_days.push(d);
        }
        let expected = deadline::reaction_due(g.sent_on, g.reaction_term_days, council_term);
        let reaction_late = reactions.tally(g.reaction_on, expected, today);
        let mine = by_request.get(g.id.as_str()).map_or(&[][..], |v| v);
        advices.push(YearAdvice {
            request_id: g.id.clone(),
            subject: if g.confidential {
                "Vertrouwelijk advies".into()
            } else {
                g.subject.clone()
            },
            confidential: g.confidential,
            sent_on: g.sent_on,
            due_on: g.due_on,
            days_late,
            tenor: g.tenor,
            reaction_on: g.reaction_on,
            reaction_late,
            outcome_line: outcome_line(g, mine),
        });
    }
    let late = late_days.len() as u32;
    let with_outcome = recs.iter().filter(|r| r.outcome.is_some()).count() as u32;
    let adopted = recs
        .iter()
        .filter(|r| r.outcome == Some(Outcome::Adopted))
        .count() as u32;

    let this_year = crate::store::report::YearCounts {
        given: given.len() as u32,
        with_due_date,
        on_time: with_due_date - late,
        adopted,
        with_outcome,
    };
    let history = history(store, year, this_year)?;
    Ok(AnnualFigures {
        year,
        received: received.len() as u32,
        asked: count(&|r| r.kind == RequestKind::Asked),
        unasked: count(&|r| r.kind == RequestKind::Unasked),
        per_theme: per_theme(&received),
        declined: count(&|r| r.status == Status::Declined),
        withdrawn: count(&|r| r.status == Status::Withdrawn),
        given: given.len() as u32,
        with_due_date,
        on_time: with_due_date - late,
        late,
        late_days_max: late_days.iter().copied().max().unwrap_or(0),
        late_days_average: (!late_days.is_empty()).then(|| {
            (f64::from(late_days.iter().sum::<u32>()) / late_days.len() as f64).round() as u32
        }),
        tenors: Tenor::ALL
            .into_iter()
            .map(|t| Count {
                label: t.label_nl().into(),
                count: given.iter().filter(|g| g.tenor == Some(t)).count() as u32,
            })
            .collect(),
        recommendations: recs.len() as u32,
        outcomes: outcome_counts(&recs),
        adopted_percent: percent(adopted, with_outcome),
        reactions_received: reactions.received,
        reactions_late: reactions.late,
        reactions_missing: reactions.missing,
        reactions_awaited: reactions.awaited,
        open_commitments: given.iter().map(|g| g.open_commitments).sum(),
        council_informed: given
            .iter()
            .filter(|g| g.council_informed_on.is_some())
            .count() as u32,
        meetings_held: store.meetings_held(year, today)?,
        advices,
        history,
    })
}

/// The college's reactions to a year's advice, counted.
#[derive(Default)]
struct Reactions {
    received: u32,
    /// Received after the term.
    late: u32,
    /// Not received, and the term is over.
    missing: u32,
    /// Not received yet, within the term (or without one).
    awaited: u32,
}

impl Reactions {
    /// Counts one advice's reaction (`expected` by the term); whether it came late.
    fn tally(
        &mut self,
        on: Option<NaiveDate>,
        expected: Option<NaiveDate>,
        today: NaiveDate,
    ) -> bool {
        match (on, expected) {
            (Some(on), Some(e)) => {
                self.received += 1;
                if on > e {
                    self.late += 1;
                }
                on > e
            }
            (Some(_), None) => {
                self.received += 1;
                false
            }
            (None, Some(e)) if today > e => {
                self.missing += 1;
                false
            }
            (None, _) => {
                self.awaited += 1;
                false
            }
        }
    }
}

/// Requests received per theme, asked and unasked.
fn per_theme(received: &[crate::store::report::ReceivedRequest]) -> Vec<ThemeCount> {
    let mut themes: BTreeMap<String, ThemeCount> = BTreeMap::new();
    for r in received {
        let name = r.theme.clone().unwrap_or_else(|| "Zonder thema".into());
        let t = themes.entry(name.clone()).or_insert(ThemeCount {
            theme: name,
            asked: 0,
            unasked: 0,
        });
        match r.kind {
            RequestKind::Asked => t.asked += 1,
            RequestKind::Unasked => t.unasked += 1,
        }
    }
    themes.into_values().collect()
}

/// The recommendations per outcome, and those whose outcome is not known yet.
fn outcome_counts(recs: &[ReportRecommendation]) -> Vec<Count> {
    let mut outcomes: Vec<Count> = Outcome::ALL
        .into_iter()
        .map(|o| Count {
            label: o.label_nl().into(),
            count: recs.iter().filter(|r| r.outcome == Some(o)).count() as u32,
        })
        .collect();
    outcomes.push(Count {
        label: "Nog niet bekend".into(),
        count: recs.iter().filter(|r| r.outcome.is_none()).count() as u32,
    });
    outcomes
}

/// The shares on time and adopted of `year` and the four years before it; years before the
/// council's first advice say nothing and are left out.
fn history(
    store: &Store,
    year: i32,
    this_year: crate::store::report::YearCounts,
) -> Result<Vec<YearShare>> {
    let counts = store.year_counts(year - 4, year - 1)?;
    let mut history = Vec::new();
    for y in (year - 4)..=year {
        let c = if y == year {
            this_year
        } else {
            counts
                .iter()
                .find(|(cy, _)| *cy == y)
                .map(|(_, c)| *c)
                .unwrap_or_default()
        };
        history.push(YearShare {
            year: y,
            given: c.given,
            on_time_percent: percent(c.on_time, c.with_due_date),
            adopted_percent: percent(c.adopted, c.with_outcome),
        });
    }
    while history.len() > 1 && history[0].given == 0 {
        history.remove(0);
    }
    Ok(history)
}

pub fn annual_report(store: &Store, year: i32, today: NaiveDate) -> Result<AnnualReport> {
    let figures = annual_figures(store, year, today)?;
    let texts = store.get_report_texts(year)?;
    let mut years = store.years_with_advice()?;
    if !years.contains(&today.year()) {
        years.insert(0, today.year());
    }
    Ok(AnnualReport {
        year,
        introduction: texts.introduction,
        closing: texts.closing,
        figures,
        years,
    })
}

pub fn save_report_texts(
    store: &mut Store,
    year: i32,
    input: &ReportTextsInput,
    today: NaiveDate,
) -> Result<AnnualReport> {
    check_year(year)?;
    let mut p = crate::error::Problems::default();
    for (field, text) in [
        ("introduction", &input.introduction),
        ("closing", &input.closing),
    ] {
        if text.chars().count() > crate::request::MAX_NOTES {
            p.add(
                field,
                format!("Maximaal {} tekens.", crate::request::MAX_NOTES),
            );
        }
        if let Err(too_large) = crate::markdown::render(text) {
            p.add(field, too_large.to_string());
        }
    }
    p.into_result()?;
    store.upsert_report_texts(
        year,
        &ReportTexts {
            introduction: input.introduction.trim_end().to_owned(),
            closing: input.closing.trim_end().to_owned(),
        },
    )?;
    annual_report(store, year, today)
}

fn para(s: impl Into<String>) -> Block {
    Block::Paragraph(text(s))
}

fn table(head: &[&str], rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        head: head.iter().map(|h| text(*h)).collect(),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(text).collect())
            .collect(),
    }
}

fn part(title: &str, blocks: Vec<Block>) -> Part {
    Part {
        title: title.into(),
        scope: SectionScope::Other,
        blocks,
    }
}

fn counts_chart(title: String, counts: &[Count]) -> Block {
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
    Block::Chart(Chart {
        title,
        bars: counts
            .iter()
            .map(|c| Bar {
                label: c.label.clone(),
                share: f64::from(c.count) / f64::from(max),
                shown: c.count.to_string(),
            })
            .collect(),
    })
}

fn percent_chart(title: String, rows: &[(i32, Option<u32>)]) -> Block {
    Block::Chart(Chart {
        title,
        bars: rows
            .iter()
            .map(|(y, p)| Bar {
                label: y.to_string(),
                share: p.map_or(0.0, |p| f64::from(p) / 100.0),
                shown: p.map_or("geen gegevens".into(), |p| format!("{p}%")),
            })
            .collect(),
    })
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The annual report as the document model every format renders: the council's own
/// introduction and closing around the year's figures, charts and the list of its advice.
pub fn report_document(store: &Store, year: i32, today: NaiveDate) -> Result<Letter> {
    let r = annual_report(store, year, today)?;
    let f = &r.figures;
    let mut reader = Reader::default();
    let mut parts = Vec::new();
    let intro = reader.blocks(&r.introduction);
    if !intro.is_empty() {
        parts.push(Part {
            title: String::new(),
            scope: SectionScope::Opening,
            blocks: intro,
        });
    }

    parts.push(requests_part(f, year));
    parts.push(given_part(f, year));
    parts.push(outcome_part(f, year));
    parts.extend(advices_part(f, year));
    let closing = reader.blocks(&r.closing);
    if !closing.is_empty() {
        parts.push(Part {
            title: String::new(),
            scope: SectionScope::Closing,
            blocks: closing,
        });
    }
    let mut l =
        super::letter::council_document(store, Form::Report, format!("Jaarverslag {year}"), today)?;
    l.parts = parts;
    l.footnotes = reader.footnotes;
    Ok(l)
}

/// Requests received, per kind and theme.
fn requests_part(f: &AnnualFigures, year: i32) -> Part {
    let mut requests = vec![para(format!(
        "In {year} ontving de adviesraad {}: {} en {}. Van de aanvragen van dit jaar werden er \
         {} zonder advies afgesloten (niet uitgebracht) en {} door het college ingetrokken.",
        plural(f.received, "adviesaanvraag", "adviesaanvragen"),
        plural(f.asked, "gevraagd advies", "gevraagde adviezen"),
        plural(f.unasked, "ongevraagd advies", "ongevraagde adviezen"),
        f.declined,
        f.withdrawn
    ))];
    if !f.per_theme.is_empty() {
        requests.push(table(
            &["Thema", "Gevraagd", "Ongevraagd", "Totaal"],
            f.per_theme
                .iter()
                .map(|t| {
                    vec![
                        t.theme.clone(),
                        t.asked.to_string(),
                        t.unasked.to_string(),
                        (t.asked + t.unasked).to_string(),
                    ]
                })
                .collect(),
        ));
    }
    part("Adviesaanvragen", requests)
}

/// Advice given: on time or late, per tenor, and the share on time over the years.
fn given_part(f: &AnnualFigures, year: i32) -> Part {
    let mut given = vec![para(format!(
        "In {year} bracht de raad {} uit. {} van de {} met een adviesdatum {} op tijd verzonden, \
         {} te laat{}.",
        plural(f.given, "advies", "adviezen"),
        f.on_time,
        f.with_due_date,
        if f.on_time == 1 { "werd" } else { "werden" },
        f.late,
        match f.late_days_average {
            Some(avg) => format!(
                " (gemiddeld {} en ten hoogste {} na de adviesdatum)",
                plural(avg, "dag", "dagen"),
                plural(f.late_days_max, "dag", "dagen")
            ),
            None => String::new(),
        }
    ))];
    given.push(table(
        &["Strekking", "Aantal"],
        f.tenors
            .iter()
            .map(|t| vec![t.label.clone(), t.count.to_string()])
            .collect(),
    ));
    given.push(percent_chart(
        "Op tijd uitgebrachte adviezen per jaar".into(),
        &f.history
            .iter()
            .map(|h| (h.year, h.on_time_percent))
            .collect::<Vec<_>>(),
    ));
    part("Uitgebrachte adviezen", given)
}

/// What the college did: outcomes, reactions, commitments, the municipal council informed.
fn outcome_part(f: &AnnualFigures, year: i32) -> Part {
    let mut outcome = vec![para(format!(
        "De adviezen van {year} bevatten {}. {} Het college reageerde op {} van de {} adviezen; \
         {} kwam na de termijn, op {} kwam na de termijn geen reactie en op {} loopt de termijn nog. \
         De gemeenteraad werd over {} geïnformeerd.",
        plural(f.recommendations, "aanbeveling", "aanbevelingen"),
        match f.adopted_percent {
            Some(p) =>
                format!("Van de aanbevelingen waarop het college reageerde, werd {p}% overgenomen."),
            None => "Het college heeft nog op geen enkele aanbeveling gereageerd.".into(),
        },
        f.reactions_received,
        f.given,
        plural(f.reactions_late, "reactie", "reacties"),
        plural(f.reactions_missing, "advies", "adviezen"),
        plural(f.reactions_awaited, "advies", "adviezen"),
        plural(f.council_informed, "advies", "adviezen"),
    ))];
    outcome.push(counts_chart(
        format!("Uitkomst van de aanbevelingen van {year}"),
        &f.outcomes,
    ));
    outcome.push(percent_chart(
        "Overgenomen aanbevelingen per jaar".into(),
        &f.history
            .iter()
            .map(|h| (h.year, h.adopted_percent))
            .collect::<Vec<_>>(),
    ));
    outcome.push(para(format!(
        "Uit de reacties op de adviezen van {year} staan nog {} open. In {year} vergaderde de raad \
         {} plenair.",
        plural(f.open_commitments, "toezegging", "toezeggingen"),
        plural(f.meetings_held, "keer", "keer")
    )));
    part("Wat deed het college met onze adviezen", outcome)
}

/// The year's advice, one item each with its reaction; none when the year has none.
fn advices_part(f: &AnnualFigures, year: i32) -> Option<Part> {
    if f.advices.is_empty() {
        return None;
    }
    // One item per advice rather than a table: as readable, and a tagged PDF table of
    // hundreds of rows takes Typst several times longer to lay out.
    Some(part(
        &format!("De adviezen van {year}"),
        vec![Block::List {
            start: None,
            items: f
                .advices
                .iter()
                .map(|a| {
                    let mut about = format!(" – verzonden {}", date::long_nl(a.sent_on));
                    if let Some(t) = a.tenor {
                        about.push_str(&format!(", {}", t.label_nl().to_lowercase()));
                    }
                    if let Some(d) = a.days_late {
                        about.push_str(&format!(
                            ", {} na de adviesdatum",
                            plural(d, "dag", "dagen")
                        ));
                    }
                    about.push_str(&format!(". {}.", a.outcome_line));
                    vec![Block::Paragraph(vec![
                        Inline::Strong(text(a.subject.clone())),
                        Inline::Text(about),
                    ])]
                })
                .collect(),
        }],
    ))
}

pub fn render_annual_report(
    store: &Store,
    year: i32,
    format: LetterFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let l = report_document(store, year, today)?;
    super::letter::render_model(&l, format)
}

/// `jaarverslag-2026.pdf`
pub fn annual_report_file_name(year: i32, format: LetterFormat) -> String {
    format!("jaarverslag-{year}.{}", format.extension())
}

pub fn save_annual_report(
    store: &Store,
    year: i32,
    format: LetterFormat,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<String> {
    let bytes = render_annual_report(store, year, format, today)?;
    Ok(
        crate::exports::write(dir, &annual_report_file_name(year, format), &bytes)?
            .display()
            .to_string(),
    )
}

/// Writes the annual report to the path the user chose in the save dialog.
pub fn save_annual_report_as(
    store: &Store,
    year: i32,
    format: LetterFormat,
    today: NaiveDate,
    path: &std::path::Path,
) -> Result<String> {
    let bytes = render_annual_report(store, year, format, today)?;
    crate::exports::write_path(path, &bytes)?;
    Ok(path.display().to_string())
}

/// What a publication wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Publication {
    pub folder: String,
    /// Pages of advice (the index not counted).
    pub pages: u32,
    /// Advice of the year left out because it is confidential.
    pub confidential_left_out: u32,
}

/// Marks a folder as one this app wrote, so that publishing again may replace it whole.
const MARKER: &str = ".advieswerk-publicatie";

/// Writes the year's advice (adopted, sent, not confidential) with the college's reaction as a
/// folder of static pages, `dir/publicatie-<year>/`. A second publication replaces the folder
/// whole, so an advice marked confidential since never stays behind.
pub fn publish_year(
    store: &mut Store,
    year: i32,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<Publication> {
    check_year(year)?;
    let council = store.get_council()?;
    let council_name = if council.name.is_empty() {
        "Adviesraad Sociaal Domein".to_owned()
    } else {
        council.name.clone()
    };
    let given = store.given_in_year(year)?;
    let left_out = given.iter().filter(|g| g.confidential).count() as u32;
    let public: Vec<&GivenAdvice> = given.iter().filter(|g| !g.confidential).collect();
    let ids: Vec<RequestId> = public.iter().map(|g| g.id.clone()).collect();
    let recs = store.recommendations_of(&ids)?;

    let mut pages = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for g in &public {
        let tag = super::letter::id_tag(&g.id);
        let stem = super::letter_file_name(&g.subject, LetterFormat::Html);
        let file = format!(
            "{}-{}",
            date::iso(g.sent_on),
            stem.replacen(".html", &format!("-{tag}.html"), 1)
        );
        let mine: Vec<&ReportRecommendation> =
            recs.iter().filter(|r| r.request_id == g.id).collect();
        let reaction = published_reaction(store, g, &mine, &tag, today, &mut files)?;
        pages.push(PublishedAdvice {
            file,
            subject: g.subject.clone(),
            sent_on: g.sent_on,
            tenor: g.tenor.map_or("", |t| t.label_nl()).to_owned(),
            outcome_line: outcome_line(g, &mine),
            letter: super::letter::letter(store, &g.id, today)?,
            reaction,
        });
    }
    for p in &pages {
        files.push((
            p.file.clone(),
            publication::advice_page(&council_name, year, p).into_bytes(),
        ));
    }
    files.push((
        "index.html".into(),
        publication::index(&council_name, year, &pages).into_bytes(),
    ));
    files.push((MARKER.into(), Vec::new()));

    let folder = swap_in(dir, year, &files)?;
    Ok(Publication {
        folder: folder.display().to_string(),
        pages: pages.len() as u32,
        confidential_left_out: left_out,
    })
}

/// The college's reaction to a published advice: its summary, the outcome per recommendation
/// and the commitments; the college's letter goes into `files` when this computer has it.
fn published_reaction(
    store: &Store,
    g: &GivenAdvice,
    mine: &[&ReportRecommendation],
    tag: &str,
    today: NaiveDate,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<Option<PublishedReaction>> {
    Ok(match store.get_reaction(&g.id)? {
        Some(x) => {
            let letter_file = match store.reaction_letter(&g.id)? {
                Some((name, bytes)) => {
                    let ext = super::follow_up::file_name_of(&name);
                    let ext = ext.rsplit_once('.').map_or("pdf", |(_, e)| e).to_owned();
                    let f = format!("reactie-college-{}-{tag}.{ext}", date::iso(x.received_on));
                    files.push((f.clone(), bytes));
                    Some((f, format!("Brief van het college ({})", name)))
                }
                None => None,
            };
            Some(PublishedReaction {
                received_on: x.received_on,
                reference: x.reference,
                summary: x
                    .summary
                    .split("\n\n")
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect(),
                outcomes: mine
                    .iter()
                    .map(|r| {
                        (
                            r.number,
                            r.title.clone(),
                            r.outcome
                                .map_or("Nog niet bekend", Outcome::label_nl)
                                .to_owned(),
                            r.reasoning.clone(),
                        )
                    })
                    .collect(),
                commitments: store
                    .list_commitments(&g.id, today)?
                    .into_iter()
                    .map(|c| {
                        (
                            c.text,
                            c.due_on.map(date::long_nl).unwrap_or_default(),
                            match c.status {
                                CommitmentStatus::Done if !c.note.is_empty() => {
                                    format!("afgedaan: {}", c.note)
                                }
                                s => s.label_nl().to_lowercase(),
                            },
                        )
                    })
                    .collect(),
                letter_file,
            })
        }
        None if g.reaction_on.is_some() => Some(PublishedReaction {
            received_on: g.reaction_on.expect("checked"),
            reference: g.reaction_reference.clone(),
            summary: Vec::new(),
            outcomes: Vec::new(),
            commitments: Vec::new(),
            letter_file: None,
        }),
        None => None,
    })
}

/// Writes the publication beside the old one and swaps it in whole, so nothing of an advice
/// marked confidential since stays behind. A folder of that name that Advieswerk did not make
/// is left alone.
fn swap_in(
    dir: &std::path::Path,
    year: i32,
    files: &[(String, Vec<u8>)],
) -> Result<std::path::PathBuf> {
    let folder = dir.join(format!("publicatie-{year}"));
    let fresh = dir.join(format!(".publicatie-{year}.nieuw"));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)?;
    }
    std::fs::create_dir_all(&fresh)?;
    for (name, bytes) in files {
        crate::exports::write_path(&fresh.join(name), bytes)?;
    }
    if folder.exists() {
        if !folder.join(MARKER).exists() {
            std::fs::remove_dir_all(&fresh)?;
            return Err(Error::validation(
                "folder",
                format!(
                    "De map {} bestaat al en is niet door Advieswerk gemaakt; verplaats of hernoem die map eerst.",
                    folder.display()
                ),
            ));
        }
        std::fs::remove_dir_all(&folder)?;
    }
    std::fs::rename(&fresh, &folder)?;
    Ok(folder)
}
