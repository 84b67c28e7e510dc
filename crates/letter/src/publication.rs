//! A year's advice for the council's website: an index page and one page per advice with the
//! letter and what the college did with it. Static HTML only: every text escaped, no script, no
//! event attribute, styles inline, links only to files beside it (and the http/https/mailto
//! links the letters themselves carry).

use chrono::NaiveDate;

use super::escape_xml as esc;
use super::model::Letter;
use advieswerk_domain::date;

/// The college's reaction as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedReaction {
    pub received_on: NaiveDate,
    pub reference: String,
    /// Paragraphs of the council's summary of the reaction.
    pub summary: Vec<String>,
    /// Per recommendation: number, title, outcome (Dutch), the college's reasoning.
    pub outcomes: Vec<(u32, String, String, String)>,
    /// Per commitment: what, by when (Dutch, may be empty), status (Dutch).
    pub commitments: Vec<(String, String, String)>,
    /// The college's letter beside the page: (file name, link text).
    pub letter_file: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PublishedAdvice {
    pub file: String,
    pub subject: String,
    pub sent_on: NaiveDate,
    pub tenor: String,
    /// One line, e.g. "3 overgenomen, 1 niet overgenomen", or that the reaction is awaited.
    pub outcome_line: String,
    pub letter: Letter,
    pub reaction: Option<PublishedReaction>,
}

const STYLE: &str = "body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.5; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; color: #154273; } h2 { font-size: 1.25em; color: #154273; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1.5em; } dt { font-weight: bold; } dd { margin: 0; }
.letter { border: 1px solid #ccc; padding: 1em 1.5em; } a { color: #154273; }";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// The index of a year's published advice.
pub fn index(council: &str, year: i32, advices: &[PublishedAdvice]) -> String {
    let title = format!("Adviezen {year} – {council}");
    let mut body = format!(
        "<header><p>{}</p><h1>Adviezen {year}</h1></header>\n<main>\n",
        esc(council)
    );
    if advices.is_empty() {
        body.push_str("<p>Er zijn over dit jaar geen openbare adviezen.</p>\n");
    } else {
        body.push_str(
            "<table>\n<thead><tr><th scope=\"col\">Verzonden</th><th scope=\"col\">Onderwerp</th><th scope=\"col\">Strekking</th><th scope=\"col\">Reactie van het college</th></tr></thead>\n<tbody>\n",
        );
        for a in advices {
            body.push_str(&format!(
                "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>\n",
                esc(&date::short_nl(a.sent_on)),
                esc(&a.file),
                esc(&a.subject),
                esc(&a.tenor),
                esc(&a.outcome_line)
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    body.push_str("</main>\n");
    page(&title, &body)
}

/// One advice's page: its data, the letter, and the college's reaction.
pub fn advice_page(council: &str, year: i32, a: &PublishedAdvice) -> String {
    let mut body = format!(
        "<nav><a href=\"index.html\">Alle adviezen van {year}</a></nav>\n<header><p>{}</p><h1>{}</h1></header>\n<main>\n<dl>\n<dt>Verzonden</dt><dd>{}</dd>\n<dt>Strekking</dt><dd>{}</dd>\n<dt>Reactie van het college</dt><dd>{}</dd>\n</dl>\n<h2>Ons advies</h2>\n",
        esc(council),
        esc(&a.subject),
        esc(&date::long_nl(a.sent_on)),
        esc(&a.tenor),
        esc(&a.outcome_line)
    );
    body.push_str(&super::html::render_fragment(&a.letter));
    body.push_str("\n<h2>Reactie van het college</h2>\n");
    match &a.reaction {
        None => body.push_str("<p>De reactie van het college is nog niet ontvangen.</p>\n"),
        Some(r) => {
            let mut line = format!("Ontvangen op {}", date::long_nl(r.received_on));
            if !r.reference.is_empty() {
                line.push_str(&format!(" (kenmerk {})", r.reference));
            }
            body.push_str(&format!("<p>{}.</p>\n", esc(&line)));
            for p in &r.summary {
                body.push_str(&format!("<p>{}</p>\n", esc(p)));
            }
            if !r.outcomes.is_empty() {
                body.push_str("<table>\n<thead><tr><th scope=\"col\">Nr.</th><th scope=\"col\">Aanbeveling</th><th scope=\"col\">Uitkomst</th><th scope=\"col\">Toelichting van het college</th></tr></thead>\n<tbody>\n");
                for (n, title, outcome, reasoning) in &r.outcomes {
                    body.push_str(&format!(
                        "<tr><td>{n}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        esc(title),
                        esc(outcome),
                        esc(reasoning)
                    ));
                }
                body.push_str("</tbody>\n</table>\n");
            }
            if !r.commitments.is_empty() {
                body.push_str("<h2>Toezeggingen</h2>\n<ul>\n");
                for (what, by, status) in &r.commitments {
                    let when = if by.is_empty() {
                        String::new()
                    } else {
                        format!(" (uiterlijk {by})")
                    };
                    body.push_str(&format!(
                        "<li>{}{} – {}</li>\n",
                        esc(what),
                        esc(&when),
                        esc(status)
                    ));
                }
                body.push_str("</ul>\n");
            }
            if let Some((file, label)) = &r.letter_file {
                body.push_str(&format!(
                    "<p><a href=\"{}\">{}</a></p>\n",
                    esc(file),
                    esc(label)
                ));
            }
        }
    }
    body.push_str("</main>\n");
    page(&a.subject, &body)
}
