//! The letter as one standalone HTML file: everything escaped, no scripts, styles inline so
//! the file prints on A4 as the letter.

use super::model::{Block, Chart, Form, Inline, Letter, label};
use advieswerk_domain::date;

use super::escape_xml as esc;

fn inlines(out: &mut String, list: &[Inline]) {
    for i in list {
        match i {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Code(t) => {
                out.push_str("<code>");
                out.push_str(&esc(t));
                out.push_str("</code>");
            }
            Inline::Strong(c) => wrap(out, "strong", c),
            Inline::Emphasis(c) => wrap(out, "em", c),
            Inline::Strike(c) => wrap(out, "s", c),
            Inline::Link { url, content } => {
                out.push_str(&format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">",
                    esc(url)
                ));
                inlines(out, content);
                out.push_str("</a>");
            }
            Inline::FootnoteRef(n) => {
                out.push_str(&format!("<sup><a href=\"#voetnoot-{n}\">{n}</a></sup>"))
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
}

fn wrap(out: &mut String, tag: &str, c: &[Inline]) {
    out.push_str(&format!("<{tag}>"));
    inlines(out, c);
    out.push_str(&format!("</{tag}>"));
}

fn blocks(out: &mut String, list: &[Block]) {
    for b in list {
        match b {
            Block::Heading { level, content } => {
                // Section titles are h2; headings inside a section start at h3.
                let h = (level + 1).clamp(3, 6);
                wrap(out, &format!("h{h}"), content);
            }
            Block::Paragraph(c) => {
                wrap(out, "p", c);
                out.push('\n');
            }
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>"),
                    Some(n) => out.push_str(&format!("<ol start=\"{n}\">")),
                    None => out.push_str("<ul>"),
                }
                for item in items {
                    out.push_str("<li>");
                    blocks(out, item);
                    out.push_str("</li>\n");
                }
                out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Quote(c) => {
                out.push_str("<blockquote>");
                blocks(out, c);
                out.push_str("</blockquote>\n");
            }
            Block::Table { head, rows } => {
                out.push_str("<table><thead><tr>");
                for cell in head {
                    wrap(out, "th", cell);
                }
                out.push_str("</tr></thead><tbody>");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        wrap(out, "td", cell);
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Rule => out.push_str("<hr>\n"),
            Block::Chart(c) => chart(out, c),
        }
    }
}

/// A bar chart as inline SVG: drawn shapes and escaped text only, readable without the drawing
/// (each bar's label and figure are text in it, and the figure has the chart's title as name).
fn chart(out: &mut String, c: &Chart) {
    const ROW: usize = 26;
    let height = ROW * c.bars.len().max(1) + 8;
    out.push_str(&format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 600 {height}\" width=\"600\" height=\"{height}\">\n",
        esc(&c.title),
        esc(&c.title)
    ));
    for (i, b) in c.bars.iter().enumerate() {
        let y = i * ROW + 4;
        let width = (b.share.clamp(0.0, 1.0) * 300.0).round();
        out.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text><rect x=\"200\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"#154273\"/><text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>\n",
            y + 14,
            esc(&b.label),
            200.0 + width + 8.0,
            y + 14,
            esc(&b.shown)
        ));
    }
    out.push_str("</svg></figure>\n");
}

const STYLE: &str = "@page { size: A4; margin: 25mm 22mm 25mm 25mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #000; max-width: 170mm; margin: 2em auto; }
header { border-bottom: 1px solid #154273; margin-bottom: 2em; }
header .logo { float: right; max-height: 14mm; max-width: 50mm; }
header .council { font-size: 15pt; font-weight: bold; color: #154273; }
address { font-style: normal; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1.5em; margin: 1.5em 0; }
h2 { font-size: 12pt; margin: 1.5em 0 0.5em; }
h3, h4, h5, h6 { font-size: 11pt; }
li { margin-bottom: 0.3em; }
.signature { margin-top: 2em; }
.footnotes { border-top: 1px solid #999; margin-top: 2em; font-size: 9pt; }
table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: 0.2em 0.4em; }
h1 { font-size: 18pt; color: #154273; margin: 0.5em 0 0.2em; }
figure.chart { margin: 1.5em 0; } figure.chart figcaption { font-weight: bold; margin-bottom: 0.4em; }
figure.chart svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }";

/// The letter's page content (no document head), for showing it inside the app: the same
/// markup as the file's body, escaped the same way.
pub fn render_fragment(l: &Letter) -> String {
    let doc = render(l);
    let start = doc.find("<body>\n").map_or(0, |i| i + "<body>\n".len());
    let end = doc.rfind("</body>").unwrap_or(doc.len());
    // Inside the app's own <main>, the letter's body is a plain division (one main landmark).
    let body = doc[start..end]
        .replace("<main>", "<div class=\"letter-body\">")
        .replace("</main>", "</div>");
    format!("<article class=\"letter\" aria-label=\"Brief\">{body}</article>")
}

/// The letter as a standalone HTML document.
pub fn render(l: &Letter) -> String {
    let mut out =
        String::from("<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", esc(&l.subject)));
    // The file itself runs nothing and loads nothing.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str(&format!(
        "<style>{STYLE}</style>\n</head>\n<body>\n<header>\n"
    ));
    letterhead(&mut out, l);
    if l.form == Form::Report {
        out.push_str(&format!(
            "</header>\n<h1>{}</h1>\n<p class=\"report-date\">{}</p>\n<main>\n",
            esc(&l.subject),
            esc(&date::long_nl(l.date))
        ));
        parts(&mut out, l);
        out.push_str("</main>\n</body>\n</html>\n");
        return out;
    }
    out.push_str("</header>\n");
    address_and_meta(&mut out, l);
    out.push_str("<main>\n");
    if !l.salutation.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", esc(&l.salutation)));
    }
    parts(&mut out, l);
    out.push_str("</main>\n");
    signature_and_enclosures(&mut out, l);
    if !l.footnotes.is_empty() {
        out.push_str("<section class=\"footnotes\">\n");
        for f in &l.footnotes {
            out.push_str(&format!(
                "<div id=\"voetnoot-{}\"><sup>{}</sup> ",
                f.number, f.number
            ));
            blocks(&mut out, &f.blocks);
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The logo, the council's name and the letterhead's lines (inside `<header>`).
fn letterhead(out: &mut String, l: &Letter) {
    if let Some(logo) = &l.logo {
        use base64::Engine;
        // An image element never runs an SVG's scripts; the format was checked on upload.
        let mime = if logo.format == "svg" {
            "image/svg+xml"
        } else {
            "image/png"
        };
        out.push_str(&format!(
            "<img class=\"logo\" alt=\"Logo {}\" src=\"data:{mime};base64,{}\">\n",
            esc(&l.council),
            base64::engine::general_purpose::STANDARD.encode(&logo.bytes)
        ));
    }
    out.push_str(&format!(
        "<div class=\"council\">{}</div>\n",
        esc(&l.council)
    ));
    for line in &l.letterhead {
        out.push_str(&format!("<div>{}</div>\n", esc(line)));
    }
}

/// The parts' headings (where a part has one) and text.
fn parts(out: &mut String, l: &Letter) {
    for part in &l.parts {
        if part.has_heading() {
            out.push_str(&format!("<h2>{}</h2>\n", esc(&part.title)));
        }
        blocks(out, &part.blocks);
    }
}

/// The addressee, then the date, references and subject.
fn address_and_meta(out: &mut String, l: &Letter) {
    out.push_str("<address>\n");
    for line in &l.addressee {
        out.push_str(&esc(line));
        out.push_str("<br>\n");
    }
    out.push_str("</address>\n<div class=\"meta\">\n");
    let mut meta = vec![(label::DATE, date::long_nl(l.date))];
    if !l.our_reference.is_empty() {
        meta.push((label::OUR_REFERENCE, l.our_reference.clone()));
    }
    if !l.their_reference.is_empty() {
        meta.push((label::THEIR_REFERENCE, l.their_reference.clone()));
    }
    for (k, v) in meta {
        out.push_str(&format!("<div>{k}</div><div>{}</div>\n", esc(&v)));
    }
    // The subject stands out, as in the Word and PDF letter.
    out.push_str(&format!(
        "<div>{}</div><div><strong>{}</strong></div>\n",
        label::SUBJECT,
        esc(&l.subject)
    ));
    out.push_str("</div>\n");
}

/// The closing formula, the council and its signer, then the attachments and copies.
fn signature_and_enclosures(out: &mut String, l: &Letter) {
    out.push_str("<div class=\"signature\">\n");
    out.push_str(&format!("<p>{}</p>\n", esc(&l.closing_formula)));
    out.push_str(&format!("<p>{}</p>\n", esc(&l.council)));
    if !l.signer.is_empty() {
        out.push_str(&format!(
            "<p>{}, {}</p>\n",
            esc(&l.signer),
            esc(&l.signer_role)
        ));
    }
    out.push_str("</div>\n");
    for (title, lines) in [
        (label::attachments(l.attachments.len()), &l.attachments),
        (label::COPIES, &l.copies),
    ] {
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<div class=\"enclosures\"><p><strong>{title}</strong></p><ul>"
        ));
        for line in lines {
            out.push_str(&format!("<li>{}</li>", esc(line)));
        }
        out.push_str("</ul></div>\n");
    }
}
