//! The letter as PDF/A-2a: laid out by Typst (line breaking with Dutch hyphenation, footnotes,
//! pagination) from the template `letter.typ`, with the fonts built into the binary and embedded
//! in the file, tagged for screen readers. The document model reaches Typst as JSON data, never
//! as Typst markup, so no user text is ever parsed as code.

use std::sync::LazyLock;

use serde_json::{Value, json};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::model::{Block, Inline, Letter, label};
use crate::error::{Error, Result};
use advieswerk_domain::date;

/// Deeper lists and quotes are drawn at this depth: Typst limits how deep layout may nest, and a
/// letter never needs more.
const MAX_BLOCK_DEPTH: usize = 12;
/// Deeper emphasis keeps its text without further styling, for the same reason.
const MAX_INLINE_DEPTH: usize = 8;

static FONTS: LazyLock<Vec<Font>> = LazyLock::new(|| {
    let files: [&'static [u8]; 7] = [
        include_bytes!("../assets/fonts/LiberationSans-Regular.ttf"),
        include_bytes!("../assets/fonts/LiberationSans-Bold.ttf"),
        include_bytes!("../assets/fonts/LiberationSans-Italic.ttf"),
        include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf"),
        include_bytes!("../assets/fonts/LiberationMono-Regular.ttf"),
        // Fallback for symbols and scripts Liberation lacks.
        include_bytes!("../assets/fonts/DejaVuSans.ttf"),
        include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf"),
    ];
    files
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});
static BOOK: LazyLock<LazyHash<FontBook>> =
    LazyLock::new(|| LazyHash::new(FontBook::from_fonts(FONTS.iter())));
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(<Library as LibraryExt>::default()));

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a fixed, valid path"),
    )
    .intern()
}

static TEMPLATE: LazyLock<Source> =
    LazyLock::new(|| Source::new(file_id("/letter.typ"), include_str!("letter.typ").into()));
/// Draws only the logo, as the letterhead would, to test an uploaded file.
static LOGO_CHECK: LazyLock<Source> = LazyLock::new(|| {
    Source::new(
        file_id("/logo.typ"),
        "#image(\"/logo\", format: json(\"/letter.json\").logo, height: 1.4cm)".into(),
    )
});

/// The files Typst may read: the template, the letter as JSON and the logo. Nothing else, so a
/// letter cannot reach the disk or the network.
struct LetterWorld {
    main: &'static Source,
    data: Bytes,
    logo: Option<Bytes>,
}

impl World for LetterWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &BOOK
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match id.get().vpath().get_with_slash() {
            "/letter.json" => Ok(self.data.clone()),
            "/logo" => self.logo.clone().ok_or(FileError::AccessDenied),
            _ => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Text for Typst: control characters (which no font draws) become spaces, as in the Word file.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Typst breaks lines only between words and at hyphenation points, so a "word" longer than a
/// line (a pasted URL, a row of characters) would run off the page. Such runs get invisible break
/// opportunities (zero-width spaces); ordinary words are left to hyphenation.
const LONG_RUN: usize = 40;

fn breakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for c in clean(s).chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > LONG_RUN {
                out.push('\u{200B}');
                run = 1;
            }
        }
        out.push(c);
    }
    out
}

fn node(t: &str, c: Value) -> Value {
    json!({ "t": t, "c": c })
}

fn inlines(list: &[Inline], depth: usize, notes: &[(u32, Value)]) -> Value {
    Value::Array(
        list.iter()
            .map(|i| inline(i, depth, notes))
            .collect::<Vec<_>>(),
    )
}

fn inline(i: &Inline, depth: usize, notes: &[(u32, Value)]) -> Value {
    let styled = |t: &str, c: &[Inline]| {
        if depth >= MAX_INLINE_DEPTH {
            node("text", Value::String(clean(&super::model::plain(c))))
        } else {
            node(t, inlines(c, depth + 1, notes))
        }
    };
    match i {
        Inline::Text(t) => node("text", Value::String(breakable(t))),
        Inline::Code(t) => node("code", Value::String(breakable(t))),
        Inline::Strong(c) => styled("strong", c),
        Inline::Emphasis(c) => styled("emphasis", c),
        Inline::Strike(c) => styled("strike", c),
        Inline::Link { url, content } => {
            let mut v = styled("link", content);
            if v["t"] == "link" {
                v["url"] = Value::String(url.clone());
            }
            v
        }
        Inline::FootnoteRef(n) => match notes.iter().find(|(m, _)| m == n) {
            Some((_, blocks)) => node("note", blocks.clone()),
            // A reference without a definition stays visible as its number.
            None => node("text", Value::String(format!("[{n}]"))),
        },
        Inline::Break => node("break", Value::Null),
    }
}

/// Appends the JSON nodes of `list` to `out`; lists and quotes past `MAX_BLOCK_DEPTH` give their
/// content to the level above instead of nesting further.
fn blocks(list: &[Block], depth: usize, notes: &[(u32, Value)], out: &mut Vec<Value>) {
    for b in list {
        match b {
            Block::Heading { level, content } => {
                // Part titles are level 1; headings inside a part come under them.
                let mut v = node("heading", inlines(content, 0, notes));
                v["level"] = json!((*level as u32 + 1).clamp(2, 6));
                out.push(v);
            }
            Block::Paragraph(c) => out.push(node("paragraph", inlines(c, 0, notes))),
            Block::List { start, items } if depth < MAX_BLOCK_DEPTH => {
                let items: Vec<Value> = items
                    .iter()
                    .map(|item| {
                        let mut inner = Vec::new();
                        blocks(item, depth + 1, notes, &mut inner);
                        Value::Array(inner)
                    })
                    .collect();
                out.push(json!({ "t": "list", "start": start, "items": items }));
            }
            Block::List { items, .. } => {
                for item in items {
                    blocks(item, depth, notes, out);
                }
            }
            Block::Quote(c) if depth < MAX_BLOCK_DEPTH => {
                let mut inner = Vec::new();
                blocks(c, depth + 1, notes, &mut inner);
                out.push(node("quote", Value::Array(inner)));
            }
            Block::Quote(c) => blocks(c, depth, notes, out),
            Block::Table { head, rows } => {
                let columns = rows
                    .iter()
                    .map(Vec::len)
                    .chain(std::iter::once(head.len()))
                    .max()
                    .unwrap_or(1)
                    .max(1);
                let cells = |row: &Vec<Vec<Inline>>| {
                    let mut r: Vec<Value> = row.iter().map(|c| inlines(c, 0, notes)).collect();
                    r.resize(columns, Value::Array(Vec::new()));
                    Value::Array(r)
                };
                out.push(json!({
                    "t": "table",
                    "columns": columns,
                    "head": cells(head),
                    "rows": rows.iter().map(cells).collect::<Vec<_>>(),
                }));
            }
            Block::Rule => out.push(node("rule", Value::Null)),
            Block::Chart(c) => out.push(json!({
                "t": "chart",
                "title": clean(&c.title),
                "bars": c.bars.iter().map(|b| json!({
                    "label": clean(&b.label),
                    "share": b.share.clamp(0.0, 1.0),
                    "shown": clean(&b.shown),
                })).collect::<Vec<_>>(),
            })),
        }
    }
}

/// The letter as the JSON the template reads.
pub(crate) fn data(l: &Letter) -> Value {
    // Footnotes are drawn where they are referenced, so their content goes there.
    let notes: Vec<(u32, Value)> = l
        .footnotes
        .iter()
        .map(|f| {
            let mut out = Vec::new();
            blocks(&f.blocks, MAX_BLOCK_DEPTH - 2, &[], &mut out);
            (f.number, Value::Array(out))
        })
        .collect();
    let parts: Vec<Value> = l
        .parts
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            blocks(&p.blocks, 0, &notes, &mut out);
            json!({
                "title": clean(&p.title),
                "heading": p.has_heading(),
                "blocks": out,
            })
        })
        .collect();
    let lines = |v: &[String]| v.iter().map(|s| clean(s)).collect::<Vec<_>>();
    use chrono::Datelike;
    json!({
        "report": l.form == super::model::Form::Report,
        "council": clean(&l.council),
        "letterhead": lines(&l.letterhead),
        "logo": l.logo.as_ref().map(|g| g.format.clone()),
        "addressee": lines(&l.addressee),
        "date": date::long_nl(l.date),
        "year": l.date.year(),
        "month": l.date.month(),
        "day": l.date.day(),
        "ourReference": clean(&l.our_reference),
        "theirReference": clean(&l.their_reference),
        "subject": clean(&l.subject),
        "salutation": clean(&l.salutation),
        "parts": parts,
        "closingFormula": clean(&l.closing_formula),
        "signer": clean(&l.signer),
        "signerRole": clean(&l.signer_role),
        "attachments": lines(&l.attachments),
        "copies": lines(&l.copies),
        "labels": {
            "date": label::DATE,
            "ourReference": label::OUR_REFERENCE,
            "theirReference": label::THEIR_REFERENCE,
            "subject": label::SUBJECT,
            "attachments": label::attachments(l.attachments.len()),
            "copies": label::COPIES,
            "page": label::PAGE,
            "pageOf": label::PAGE_OF,
        },
    })
}

/// Characters of the letter that none of the built-in fonts can draw. PDF/A forbids drawing a
/// missing glyph, so such text is refused with the characters named rather than dropped.
fn missing_glyphs(v: &Value, out: &mut Vec<char>) {
    match v {
        Value::String(s) => {
            for c in s.chars() {
                if c.is_whitespace() || out.contains(&c) {
                    continue;
                }
                let covered = (0..FONTS.len())
                    .filter_map(|i| BOOK.info(i))
                    .any(|info| info.coverage.contains(c as u32));
                if !covered {
                    out.push(c);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| missing_glyphs(x, out)),
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| k.as_str() != "t" && k.as_str() != "url")
            .for_each(|(_, x)| missing_glyphs(x, out)),
        _ => {}
    }
}

/// The letter as the bytes of a PDF/A-2a file.
pub fn render(l: &Letter) -> Result<Vec<u8>> {
    let data = data(l);
    let mut missing = Vec::new();
    missing_glyphs(&data, &mut missing);
    if !missing.is_empty() {
        let shown: String = missing
            .iter()
            .take(10)
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(advieswerk_domain::Error::validation(
            "tekst",
            format!(
                "De PDF kan deze tekens niet weergeven: {shown}. Haal ze uit de tekst, of kies \
                 Word of HTML."
            ),
        )
        .into());
    }
    let logo = match &l.logo {
        Some(g) if g.format == "png" || g.format == "svg" => Some(Bytes::new(g.bytes.clone())),
        _ => None,
    };
    let world = LetterWorld {
        main: &TEMPLATE,
        data: Bytes::new(serde_json::to_vec(&data)?),
        logo,
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst keeps results of earlier compilations to be quick next time; keep that bounded in a
    // long-running app.
    typst::comemo::evict(10);
    let doc = compiled.map_err(|diags| Error::Render(diagnostics(diags.as_slice())))?;
    let standards = PdfStandards::new(&[PdfStandard::A_2a])
        .map_err(|e| Error::Render(e.message().to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("{}|{}", l.council, l.subject)),
        creator: Smart::Custom(Some("Advieswerk".into())),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|diags| Error::Render(diagnostics(diags.as_slice())))
}

/// Forgets every layout Typst remembers, so the next letter is laid out from nothing (benchmarks
/// measure that case).
pub fn forget_layouts() {
    typst::comemo::evict(0);
}

/// Refuses a logo the letterhead could not draw (a damaged PNG, an SVG that is not one).
pub fn check_logo(bytes: &[u8], format: &str) -> Result<()> {
    let world = LetterWorld {
        main: &LOGO_CHECK,
        data: Bytes::new(serde_json::to_vec(&json!({ "logo": format }))?),
        logo: Some(Bytes::new(bytes.to_vec())),
    };
    let compiled = typst::compile::<PagedDocument>(&world).output;
    typst::comemo::evict(10);
    compiled
        .map(|_| ())
        .map_err(|diags: typst::ecow::EcoVec<_>| {
            advieswerk_domain::Error::validation(
                "logo",
                format!(
                    "Dit logo kan niet worden gelezen ({}). Kies een ander PNG- of SVG-bestand.",
                    diagnostics(diags.as_slice())
                ),
            )
            .into()
        })
}

fn diagnostics(diags: &[typst::diag::SourceDiagnostic]) -> String {
    diags
        .iter()
        .take(3)
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}
