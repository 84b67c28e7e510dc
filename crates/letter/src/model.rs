//! The letter as one document model, built once from the council, the request and its advice
//! and rendered by every output format, so that Word, PDF and HTML say the same. The Markdown
//! of the sections is read with the same rules as the preview: raw HTML stays text, only
//! http/https/mailto links, images become their alt text, nesting past `MAX_NESTING` is
//! flattened. Everything in the model is plain data; renderers escape it for their format.

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use advieswerk_domain::advice::SectionScope;
use advieswerk_domain::markdown::MAX_NESTING;

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// The footnote's number in the letter.
    FootnoteRef(u32),
    Break,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is the first number of a numbered list; none for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// A bar chart of figures (the annual report's); Word shows it as a table.
    Chart(Chart),
}

/// One bar: its label, its length as a share of the longest possible bar (0..=1) and the figure
/// written beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub bars: Vec<Bar>,
}

/// What kind of document the model is: a letter to the college (addressee, references,
/// signature) or a report of the council's own (a title and a date, no signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    #[default]
    Letter,
    Report,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub title: String,
    pub scope: SectionScope,
    pub blocks: Vec<Block>,
}

impl Part {
    /// The opening and the closing read as plain letter text; the advice parts have titles.
    pub fn has_heading(&self) -> bool {
        !matches!(self.scope, SectionScope::Opening | SectionScope::Closing)
    }
}

/// The words the letter uses for its own parts. Every renderer takes them from here (the PDF's
/// template through the letter's data), so the three formats cannot say them differently.
pub mod label {
    pub const DATE: &str = "Datum";
    pub const OUR_REFERENCE: &str = "Ons kenmerk";
    pub const THEIR_REFERENCE: &str = "Uw kenmerk";
    pub const SUBJECT: &str = "Onderwerp";
    pub const COPIES: &str = "Afschrift aan";
    /// "Pagina 2 van 5" at the foot of every page.
    pub const PAGE: &str = "Pagina";
    pub const PAGE_OF: &str = "van";

    /// The heading over the list of enclosures.
    pub fn attachments(count: usize) -> &'static str {
        if count == 1 { "Bijlage" } else { "Bijlagen" }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: u32,
    pub blocks: Vec<Block>,
}

/// The council's logo as it was uploaded; renderers that cannot show it leave it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    /// `png` or `svg`.
    pub format: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Letter {
    pub form: Form,
    pub council: String,
    /// Letterhead lines under the council's name (address, e-mail, website).
    pub letterhead: Vec<String>,
    pub logo: Option<Logo>,
    pub addressee: Vec<String>,
    pub date: NaiveDate,
    pub our_reference: String,
    pub their_reference: String,
    pub subject: String,
    /// "Geacht college, …" when it is not already the opening's first line.
    pub salutation: String,
    pub parts: Vec<Part>,
    pub footnotes: Vec<Footnote>,
    pub closing_formula: String,
    pub signer: String,
    pub signer_role: String,
    /// Bijlagen, one line each.
    pub attachments: Vec<String>,
    /// Afschrift aan, one line each.
    pub copies: Vec<String>,
}

impl Letter {
    /// Whether the letter has an opening text of its own (empty sections are left out of
    /// `parts`); without one it goes from the subject straight to the advice.
    pub fn has_opening(&self) -> bool {
        self.parts.iter().any(|p| p.scope == SectionScope::Opening)
    }
}

fn allowed_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:")
}

/// Collects the blocks of sections; footnote numbers run through the whole letter.
#[derive(Default)]
pub struct Reader {
    footnote_labels: Vec<String>,
    pub footnotes: Vec<Footnote>,
}

enum Frame {
    Blocks(Vec<Block>),
    /// A list: one block list per item.
    Items(Vec<Vec<Block>>),
    Inlines(Vec<Inline>),
}

impl Reader {
    fn footnote_number(&mut self, label: &str) -> u32 {
        if let Some(i) = self.footnote_labels.iter().position(|l| l == label) {
            return i as u32 + 1;
        }
        self.footnote_labels.push(label.to_owned());
        self.footnote_labels.len() as u32
    }

    /// The blocks of one section's Markdown. Footnotes are numbered across the whole letter,
    /// so they are the reader's; everything else is the one section's `Blocks`.
    pub fn blocks(&mut self, markdown: &str) -> Vec<Block> {
        let opts =
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let mut blocks = Blocks::default();
        for ev in Parser::new_ext(markdown, opts) {
            match ev {
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(&label);
                    blocks.push_inline(Inline::FootnoteRef(n));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = self.footnote_number(&label);
                    blocks.open_footnote(n);
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some(note) = blocks.close_footnote() {
                        self.footnotes.push(note);
                    }
                }
                ev => blocks.event(ev),
            }
        }
        blocks.finish()
    }
}

/// One section's Markdown being read into blocks: a stack of open containers, each collecting
/// its children, and the table being read.
struct Blocks<'a> {
    stack: Vec<(Option<Tag<'a>>, Frame)>,
    /// Block containers kept (not flattened) and open.
    depth: usize,
    /// Per open block container: whether it was flattened past `MAX_NESTING`.
    flattened: Vec<bool>,
    /// Links refused by `allowed_link` still open: their text stays, their end is skipped.
    dropped_links: usize,
    table_head: Vec<Vec<Inline>>,
    table_rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
    footnote: Option<u32>,
}

impl Default for Blocks<'_> {
    fn default() -> Self {
        Blocks {
            stack: vec![(None, Frame::Blocks(Vec::new()))],
            depth: 0,
            flattened: Vec::new(),
            dropped_links: 0,
            table_head: Vec::new(),
            table_rows: Vec::new(),
            row: Vec::new(),
            footnote: None,
        }
    }
}

impl<'a> Blocks<'a> {
    fn event(&mut self, ev: Event<'a>) {
        match ev {
            Event::Start(tag @ (Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)) => {
                self.open_container(tag)
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item) => {
                self.close_container()
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Heading { .. })) => {
                self.stack.push((Some(tag), Frame::Inlines(Vec::new())))
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => self.close_text_block(),
            Event::Start(
                tag @ (Tag::Strong | Tag::Emphasis | Tag::Strikethrough | Tag::Link { .. }),
            ) => self.open_span(tag),
            Event::End(TagEnd::Link) if self.dropped_links > 0 => self.dropped_links -= 1,
            Event::End(
                TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link,
            ) => self.close_span(),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.push_inline(Inline::Text(t.to_string()))
            }
            Event::Code(t) => self.push_inline(Inline::Code(t.to_string())),
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::Start(Tag::CodeBlock(_)) => self
                .stack
                .push((Some(Tag::Paragraph), Frame::Inlines(Vec::new()))),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((_, Frame::Inlines(c))) = self.stack.pop() {
                    self.push_block(Block::Paragraph(c));
                }
            }
            ev => self.table(ev),
        }
    }

    /// A quote, list or item; past `MAX_NESTING` its content joins the container around it.
    fn open_container(&mut self, tag: Tag<'a>) {
        let keep = self.depth < MAX_NESTING;
        self.flattened.push(!keep);
        if keep {
            self.depth += 1;
            let frame = if matches!(tag, Tag::List(_)) {
                Frame::Items(Vec::new())
            } else {
                Frame::Blocks(Vec::new())
            };
            self.stack.push((Some(tag), frame));
        }
    }

    fn close_container(&mut self) {
        if self.flattened.pop().unwrap_or(false) {
            return;
        }
        self.depth -= 1;
        match self.stack.pop() {
            Some((Some(Tag::List(start)), Frame::Items(items))) => {
                self.push_block(Block::List { start, items })
            }
            Some((Some(Tag::Item), Frame::Blocks(blocks))) => match self.stack.last_mut() {
                Some((_, Frame::Items(items))) => items.push(blocks),
                _ => {
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            },
            Some((_, Frame::Blocks(blocks))) => self.push_block(Block::Quote(blocks)),
            _ => {}
        }
    }

    fn close_text_block(&mut self) {
        if let Some((Some(tag), Frame::Inlines(content))) = self.stack.pop() {
            let b = match tag {
                Tag::Heading { level, .. } => Block::Heading {
                    level: level as u8,
                    content,
                },
                _ => Block::Paragraph(content),
            };
            self.push_block(b);
        }
    }

    fn open_span(&mut self, tag: Tag<'a>) {
        if let Tag::Link { dest_url, .. } = &tag
            && !allowed_link(dest_url)
        {
            self.dropped_links += 1;
            return;
        }
        self.stack.push((Some(tag), Frame::Inlines(Vec::new())));
    }

    fn close_span(&mut self) {
        if let Some((Some(tag), Frame::Inlines(content))) = self.stack.pop() {
            let i = match tag {
                Tag::Strong => Inline::Strong(content),
                Tag::Emphasis => Inline::Emphasis(content),
                Tag::Strikethrough => Inline::Strike(content),
                Tag::Link { dest_url, .. } => Inline::Link {
                    url: dest_url.to_string(),
                    content,
                },
                _ => return,
            };
            self.push_inline(i);
        }
    }

    /// Table events; the first row read is the head.
    fn table(&mut self, ev: Event<'a>) {
        match ev {
            Event::Start(Tag::Table(_)) => {
                self.table_head.clear();
                self.table_rows.clear();
            }
            Event::End(TagEnd::TableHead) => self.table_head = std::mem::take(&mut self.row),
            Event::Start(Tag::TableRow) => self.row.clear(),
            Event::End(TagEnd::TableRow) => self.table_rows.push(std::mem::take(&mut self.row)),
            Event::Start(Tag::TableCell) => self
                .stack
                .push((Some(Tag::TableCell), Frame::Inlines(Vec::new()))),
            Event::End(TagEnd::TableCell) => {
                if let Some((_, Frame::Inlines(c))) = self.stack.pop() {
                    self.row.push(c);
                }
            }
            Event::End(TagEnd::Table) => {
                let table = Block::Table {
                    head: std::mem::take(&mut self.table_head),
                    rows: std::mem::take(&mut self.table_rows),
                };
                self.push_block(table)
            }
            _ => {}
        }
    }

    fn open_footnote(&mut self, number: u32) {
        self.footnote = Some(number);
        self.stack.push((None, Frame::Blocks(Vec::new())));
    }

    fn close_footnote(&mut self) -> Option<Footnote> {
        let number = self.footnote.take()?;
        match self.stack.pop() {
            Some((_, Frame::Blocks(blocks))) => Some(Footnote { number, blocks }),
            _ => None,
        }
    }

    /// Inline content outside a paragraph (a tight list item's text) joins the paragraph
    /// before it, so "Eerste **punt**" stays one paragraph.
    fn push_inline(&mut self, i: Inline) {
        match self.stack.last_mut() {
            Some((_, Frame::Inlines(v))) => v.push(i),
            Some((_, Frame::Blocks(v))) => match v.last_mut() {
                Some(Block::Paragraph(p)) => p.push(i),
                _ => v.push(Block::Paragraph(vec![i])),
            },
            Some((_, Frame::Items(items))) => items.push(vec![Block::Paragraph(vec![i])]),
            None => {}
        }
    }

    fn push_block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some((_, Frame::Blocks(v))) => v.push(b),
            // Content of flattened items lands in the list as items of its own.
            Some((_, Frame::Items(items))) => items.push(vec![b]),
            _ => {}
        }
    }

    /// Whatever is still open (malformed input cannot leave anything, but be safe) closes here.
    fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            match self.stack.pop() {
                Some((_, Frame::Blocks(b))) => self.push_block(Block::Quote(b)),
                Some((_, Frame::Items(items))) => {
                    self.push_block(Block::List { start: None, items })
                }
                Some((_, Frame::Inlines(i))) => self.push_block(Block::Paragraph(i)),
                None => {}
            }
        }
        match self.stack.pop() {
            Some((_, Frame::Blocks(b))) => b,
            _ => Vec::new(),
        }
    }
}

/// The plain text of inlines (for tests and for formats without markup).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => out.push_str(&plain(c)),
            Inline::Link { content, .. } => out.push_str(&plain(content)),
            Inline::FootnoteRef(n) => out.push_str(&n.to_string()),
            Inline::Break => out.push('\n'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_points_with_nested_bullets_become_a_list_of_items_with_a_sublist() {
        let mut r = Reader::default();
        let b = r.blocks("Inleiding **vet**.\n\n1. Eerste\n   - sub a\n   - sub b\n2. Tweede\n");
        assert_eq!(b.len(), 2);
        let Block::List {
            start: Some(1),
            items,
        } = &b[1]
        else {
            panic!("{b:?}")
        };
        assert_eq!(items.len(), 2);
        assert!(
            matches!(items[0].last(), Some(Block::List { start: None, items }) if items.len() == 2)
        );
    }

    #[test]
    fn raw_html_and_unsafe_links_stay_text() {
        let mut r = Reader::default();
        let b = r.blocks("Tekst <script>x</script> [klik](javascript:alert(1)) [ok](https://a.nl)");
        let Block::Paragraph(p) = &b[0] else { panic!() };
        assert!(plain(p).contains("<script>x</script>"));
        assert!(
            p.iter()
                .any(|i| matches!(i, Inline::Link { url, .. } if url == "https://a.nl"))
        );
        assert!(!format!("{p:?}").contains("javascript:alert(1)\""));
    }

    #[test]
    fn footnotes_are_numbered_through_the_letter() {
        let mut r = Reader::default();
        r.blocks("Zie[^a].\n\n[^a]: Eerste.");
        let b = r.blocks("Ook[^b].\n\n[^b]: Tweede.");
        assert!(matches!(&b[0], Block::Paragraph(p) if p.contains(&Inline::FootnoteRef(2))));
        assert_eq!(r.footnotes.len(), 2);
    }
}
