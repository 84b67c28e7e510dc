//! The letter as a Word document (.docx, WordprocessingML written by hand): real styles
//! (Normal, Kop 2/3, list numbering with nested bullets), the council in the header, "Pagina X
//! van Y" in the footer, footnotes, tables, A4. User text only ever becomes escaped XML text.

use std::io::Write;

use zip::write::SimpleFileOptions;

use super::model::{Block, Form, Inline, Letter, Logo, label};
use crate::error::{Error, Result};
use advieswerk_domain::date;

use super::escape_xml as esc;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

#[derive(Default, Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
    strike: bool,
}

/// Collects what the document body needs besides its paragraphs.
struct Writer {
    body: String,
    links: Vec<String>,
    /// One numbering instance per numbered list, so that each starts at its own number.
    numbered_lists: Vec<(u64, u32)>,
}

impl Writer {
    fn run(&mut self, text: &str, st: Style) {
        self.body.push_str("<w:r>");
        if st.bold || st.italic || st.strike {
            self.body.push_str("<w:rPr>");
            if st.bold {
                self.body.push_str("<w:b/>");
            }
            if st.italic {
                self.body.push_str("<w:i/>");
            }
            if st.strike {
                self.body.push_str("<w:strike/>");
            }
            self.body.push_str("</w:rPr>");
        }
        self.body.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(text)
        ));
    }

    fn inlines(&mut self, list: &[Inline], st: Style) {
        for i in list {
            match i {
                Inline::Text(t) | Inline::Code(t) => self.run(t, st),
                Inline::Strong(c) => self.inlines(c, Style { bold: true, ..st }),
                Inline::Emphasis(c) => self.inlines(c, Style { italic: true, ..st }),
                Inline::Strike(c) => self.inlines(c, Style { strike: true, ..st }),
                Inline::Link { url, content } => {
                    self.links.push(url.clone());
                    let rid = format!("rIdLink{}", self.links.len());
                    self.body
                        .push_str(&format!("<w:hyperlink r:id=\"{rid}\" w:history=\"1\">"));
                    self.inlines(content, st);
                    self.body.push_str("</w:hyperlink>");
                }
                Inline::FootnoteRef(n) => self.body.push_str(&format!(
                    "<w:r><w:rPr><w:rStyle w:val=\"Voetnootverwijzing\"/></w:rPr><w:footnoteReference w:id=\"{n}\"/></w:r>"
                )),
                Inline::Break => self.body.push_str("<w:r><w:br/></w:r>"),
            }
        }
    }

    fn paragraph(
        &mut self,
        style: Option<&str>,
        numbering: Option<(u32, u32)>,
        content: &[Inline],
    ) {
        self.body.push_str("<w:p>");
        if style.is_some() || numbering.is_some() {
            self.body.push_str("<w:pPr>");
            if let Some(s) = style {
                self.body.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
            }
            if let Some((num, level)) = numbering {
                self.body.push_str(&format!(
                    "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{num}\"/></w:numPr>"
                ));
            }
            self.body.push_str("</w:pPr>");
        }
        self.inlines(content, Style::default());
        self.body.push_str("</w:p>\n");
    }

    fn text_paragraph(&mut self, style: Option<&str>, text: &str) {
        self.paragraph(style, None, &[Inline::Text(text.to_owned())]);
    }

    /// `list` is the numbering instance and level the blocks sit in, if inside a list.
    fn blocks(&mut self, list: &[Block], in_list: Option<(u32, u32)>) {
        for b in list {
            match b {
                Block::Heading { level, content } => {
                    let style = format!("Kop{}", (level + 1).clamp(3, 6));
                    self.paragraph(Some(&style), None, content);
                }
                Block::Paragraph(c) => match in_list {
                    Some(n) => self.paragraph(Some("Lijstalinea"), Some(n), c),
                    None => self.paragraph(None, None, c),
                },
                Block::List { start, items } => {
                    let level = in_list.map_or(0, |(_, l)| (l + 1).min(8));
                    // Numbered lists get their own instance (restarting at `start`); bullets share
                    // the bullet definition, nested under whatever list they are in.
                    let num = match start {
                        Some(first) => {
                            self.numbered_lists.push((*first, level));
                            self.numbered_lists.len() as u32 + 1
                        }
                        None => 1,
                    };
                    for item in items {
                        let mut first = true;
                        for block in item {
                            match block {
                                Block::Paragraph(c) if first => {
                                    self.paragraph(Some("Lijstalinea"), Some((num, level)), c)
                                }
                                Block::Paragraph(c) => {
                                    // A second paragraph of an item: indented, not numbered.
                                    self.body.push_str(&format!(
                                        "<w:p><w:pPr><w:pStyle w:val=\"Lijstalinea\"/><w:ind w:left=\"{}\"/></w:pPr>",
                                        720 * (level + 1)
                                    ));
                                    self.inlines(c, Style::default());
                                    self.body.push_str("</w:p>\n");
                                }
                                other => self.blocks(std::slice::from_ref(other), Some((num, level))),
                            }
                            first = false;
                        }
                    }
                }
                Block::Quote(c) => {
                    for inner in c {
                        match inner {
                            Block::Paragraph(p) => self.paragraph(Some("Citaat"), None, p),
                            other => self.blocks(std::slice::from_ref(other), in_list),
                        }
                    }
                }
                Block::Table { head, rows } => {
                    self.body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabelraster\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
                    for _ in head {
                        self.body.push_str("<w:gridCol/>");
                    }
                    self.body.push_str("</w:tblGrid>");
                    let row = |w: &mut Writer, cells: &[Vec<Inline>], bold: bool| {
                        w.body.push_str("<w:tr>");
                        for c in cells {
                            w.body.push_str("<w:tc><w:p>");
                            w.inlines(c, Style { bold, ..Style::default() });
                            w.body.push_str("</w:p></w:tc>");
                        }
                        w.body.push_str("</w:tr>");
                    };
                    row(self, head, true);
                    for r in rows {
                        row(self, r, false);
                    }
                    self.body.push_str("</w:tbl><w:p/>\n");
                }
                Block::Rule => self.body.push_str("<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr></w:pPr></w:p>\n"),
                // Word gets the chart's figures as a table.
                Block::Chart(c) => {
                    let cell = |s: &str| vec![Inline::Text(s.to_owned())];
                    self.paragraph(None, None, &[Inline::Strong(cell(&c.title))]);
                    let table = Block::Table {
                        head: vec![cell(""), cell("Aantal")],
                        rows: c
                            .bars
                            .iter()
                            .map(|b| vec![cell(&b.label), cell(&b.shown)])
                            .collect(),
                    };
                    self.blocks(std::slice::from_ref(&table), in_list);
                }
            }
        }
    }
}

const STYLES: &str = r#"<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:cs="Liberation Sans"/><w:sz w:val="22"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Standaard"/><w:next w:val="Standaard"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="154273"/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/><w:basedOn w:val="Standaard"/><w:next w:val="Standaard"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="154273"/><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop3"><w:name w:val="heading 3"/><w:basedOn w:val="Standaard"/><w:next w:val="Standaard"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop4"><w:name w:val="heading 4"/><w:basedOn w:val="Kop3"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop5"><w:name w:val="heading 5"/><w:basedOn w:val="Kop3"/><w:pPr><w:outlineLvl w:val="4"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop6"><w:name w:val="heading 6"/><w:basedOn w:val="Kop3"/><w:pPr><w:outlineLvl w:val="5"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Lijstalinea"><w:name w:val="List Paragraph"/><w:basedOn w:val="Standaard"/><w:qFormat/><w:pPr><w:spacing w:after="80"/><w:contextualSpacing/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Citaat"><w:name w:val="Quote"/><w:basedOn w:val="Standaard"/><w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Koptekst"><w:name w:val="header"/><w:basedOn w:val="Standaard"/><w:pPr><w:spacing w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Voettekst"><w:name w:val="footer"/><w:basedOn w:val="Standaard"/><w:pPr><w:jc w:val="right"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Voetnoottekst"><w:name w:val="footnote text"/><w:basedOn w:val="Standaard"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Voetnootverwijzing"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Tabelraster"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="auto"/><w:left w:val="single" w:sz="4" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:color="auto"/><w:right w:val="single" w:sz="4" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>"#;

/// The levels of the numbered definition: numbers at every level, as the PDF and HTML letters
/// number a numbered list inside a point (bullets inside a numbered point are a bullet list of
/// their own, with the bullet definition); the bullet definition uses bullets at every level.
fn levels(numbered: bool) -> String {
    (0..9)
        .map(|l| {
            let indent = 360 + 360 * l;
            let (fmt, text) = if numbered {
                ("decimal", format!("%{}.", l + 1))
            } else {
                ("bullet", if l % 2 == 0 { "•" } else { "–" }.to_owned())
            };
            format!(
                "<w:lvl w:ilvl=\"{l}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
            )
        })
        .collect()
}

/// `lists`: each numbered list's first number and the level it sits at.
fn numbering(lists: &[(u64, u32)]) -> String {
    let mut out = format!(
        "<w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum><w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>",
        levels(true),
        levels(false)
    );
    for (i, (start, level)) in lists.iter().enumerate() {
        out.push_str(&format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 2
        ));
    }
    out.push_str("</w:numbering>");
    out
}

fn field(code: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {code} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
    )
}

/// The letter as the bytes of a .docx file.
pub fn render(l: &Letter) -> Result<Vec<u8>> {
    let mut w = Writer {
        body: String::new(),
        links: Vec::new(),
        numbered_lists: Vec::new(),
    };
    if l.form == Form::Report {
        w.text_paragraph(Some("Titel"), &l.subject);
        w.text_paragraph(None, &date::long_nl(l.date));
        for part in &l.parts {
            if part.has_heading() {
                w.text_paragraph(Some("Kop2"), &part.title);
            }
            w.blocks(&part.blocks, None);
        }
    } else {
        letter_body(&mut w, l);
    }
    package(l, w)
}

/// The letter's own parts in Word: addressee, references, the advice, closing and signature.
fn letter_body(w: &mut Writer, l: &Letter) {
    for line in &l.addressee {
        w.text_paragraph(None, line);
    }
    w.body.push_str("<w:p/>");
    w.text_paragraph(None, &format!("{}: {}", label::DATE, date::long_nl(l.date)));
    if !l.our_reference.is_empty() {
        w.text_paragraph(
            None,
            &format!("{}: {}", label::OUR_REFERENCE, l.our_reference),
        );
    }
    if !l.their_reference.is_empty() {
        w.text_paragraph(
            None,
            &format!("{}: {}", label::THEIR_REFERENCE, l.their_reference),
        );
    }
    w.paragraph(
        None,
        None,
        &[
            Inline::Text(format!("{}: ", label::SUBJECT)),
            Inline::Strong(vec![Inline::Text(l.subject.clone())]),
        ],
    );
    w.body.push_str("<w:p/>");
    if !l.salutation.is_empty() {
        w.text_paragraph(None, &l.salutation);
    }
    for part in &l.parts {
        if part.has_heading() {
            w.text_paragraph(Some("Kop2"), &part.title);
        }
        w.blocks(&part.blocks, None);
    }
    w.text_paragraph(None, &l.closing_formula);
    w.body.push_str("<w:p/>");
    w.text_paragraph(None, &l.council);
    if !l.signer.is_empty() {
        w.text_paragraph(None, &format!("{}, {}", l.signer, l.signer_role));
    }
    for (title, lines) in [
        (label::attachments(l.attachments.len()), &l.attachments),
        (label::COPIES, &l.copies),
    ] {
        if lines.is_empty() {
            continue;
        }
        w.body.push_str("<w:p/>");
        w.paragraph(
            None,
            None,
            &[Inline::Strong(vec![Inline::Text(title.into())])],
        );
        for line in lines {
            w.text_paragraph(None, &format!("– {line}"));
        }
    }
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const RELATIONSHIPS: &str =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";

/// The document, its header, footer, footnotes, styles and numbering as a .docx package.
fn package(l: &Letter, w: Writer) -> Result<Vec<u8>> {
    let document = format!(
        "{XML}<w:document {W}><w:body>{}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footnotePr><w:numFmt w:val=\"decimal\"/></w:footnotePr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" w:right=\"1247\" w:bottom=\"1418\" w:left=\"1418\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        w.body
    );
    let logo = l.logo.as_ref().and_then(logo_png);
    let notes = footnotes(l);
    let rels = format!(
        "{XML}{RELATIONSHIPS}\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdFootnotes\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>\
         <Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
         <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>{}</Relationships>",
        link_relationships(&w.links)
    );
    let footnote_rels = format!(
        "{XML}{RELATIONSHIPS}{}</Relationships>",
        link_relationships(&notes.links)
    );
    let header_rels = format!(
        "{XML}{RELATIONSHIPS}{}</Relationships>",
        if logo.is_some() {
            "<Relationship Id=\"rIdLogo\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/logo.png\"/>"
        } else {
            ""
        }
    );
    let files: [(&str, String); 12] = [
        (
            "[Content_Types].xml",
            format!(
                "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "{XML}{RELATIONSHIPS}<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>"
            ),
        ),
        (
            "docProps/core.xml",
            format!(
                "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>nl-NL</dc:language></cp:coreProperties>",
                esc(&l.subject),
                esc(&l.council)
            ),
        ),
        ("word/_rels/document.xml.rels", rels),
        ("word/_rels/footnotes.xml.rels", footnote_rels),
        ("word/document.xml", document),
        (
            "word/styles.xml",
            format!("{XML}{}", STYLES.replace("{W}", W)),
        ),
        (
            "word/numbering.xml",
            format!("{XML}{}", numbering(&w.numbered_lists)),
        ),
        ("word/footnotes.xml", notes.body),
        ("word/header1.xml", header(l, logo.as_ref())),
        ("word/_rels/header1.xml.rels", header_rels),
        ("word/footer1.xml", footer()),
    ];
    zipped(&files, logo.map(|(png, _, _)| png))
}

/// The page header: the logo on the right, the council's name and the letterhead's lines.
fn header(l: &Letter, logo: Option<&(Vec<u8>, u32, u32)>) -> String {
    let mut header = Writer {
        body: String::new(),
        links: Vec::new(),
        numbered_lists: Vec::new(),
    };
    if let Some((_, w, h)) = logo {
        header.body.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Koptekst\"/><w:jc w:val=\"right\"/></w:pPr><w:r>{}</w:r></w:p>",
            drawing(*w, *h, &l.council)
        ));
    }
    header.paragraph(
        Some("Koptekst"),
        None,
        &[Inline::Strong(vec![Inline::Text(l.council.clone())])],
    );
    for line in &l.letterhead {
        header.text_paragraph(Some("Koptekst"), line);
    }
    format!("{XML}<w:hdr {W}>{}</w:hdr>", header.body)
}

/// The page footer: "Pagina N van M".
fn footer() -> String {
    format!(
        "{XML}<w:ftr {W}><w:p><w:pPr><w:pStyle w:val=\"Voettekst\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{} </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> {} </w:t></w:r>{}</w:p></w:ftr>",
        label::PAGE,
        field("PAGE"),
        label::PAGE_OF,
        field("NUMPAGES")
    )
}

/// The footnotes part; its `links` are the footnotes' own hyperlinks.
fn footnotes(l: &Letter) -> Writer {
    let mut notes = Writer {
        body: String::new(),
        links: Vec::new(),
        numbered_lists: Vec::new(),
    };
    for f in &l.footnotes {
        notes
            .body
            .push_str(&format!("<w:footnote w:id=\"{}\">", f.number));
        for (i, b) in f.blocks.iter().enumerate() {
            let Block::Paragraph(c) = b else {
                notes.blocks(std::slice::from_ref(b), None);
                continue;
            };
            notes
                .body
                .push_str("<w:p><w:pPr><w:pStyle w:val=\"Voetnoottekst\"/></w:pPr>");
            if i == 0 {
                notes.body.push_str("<w:r><w:rPr><w:rStyle w:val=\"Voetnootverwijzing\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>");
            }
            notes.inlines(c, Style::default());
            notes.body.push_str("</w:p>");
        }
        notes.body.push_str("</w:footnote>");
    }
    notes.body = format!(
        "{XML}<w:footnotes {W}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>",
        notes.body
    );
    notes
}

/// One relationship per hyperlink of a part, `rIdLink1` on, as the part's writer numbered them.
fn link_relationships(links: &[String]) -> String {
    links
        .iter()
        .enumerate()
        .map(|(i, url)| {
            format!(
                "<Relationship Id=\"rIdLink{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
                i + 1,
                esc(url)
            )
        })
        .collect()
}

/// The parts as a zip, with the logo's PNG when there is one.
fn zipped(files: &[(&str, String)], logo: Option<Vec<u8>>) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let io = |e: zip::result::ZipError| Error::Io(std::io::Error::other(e.to_string()));
    for (name, content) in files {
        zip.start_file(*name, opts).map_err(io)?;
        zip.write_all(content.as_bytes())?;
    }
    if let Some(png) = logo {
        zip.start_file("word/media/logo.png", opts).map_err(io)?;
        zip.write_all(&png)?;
    }
    Ok(zip.finish().map_err(io)?.into_inner())
}

/// The logo as a PNG with its size in pixels: a PNG as it is, an SVG drawn by resvg (Word's
/// own SVG support needs a PNG beside it anyway). None when the picture cannot be read.
fn logo_png(logo: &Logo) -> Option<(Vec<u8>, u32, u32)> {
    if logo.format == "png" {
        // Width and height are the first fields of the IHDR chunk, right after the signature.
        let dim = |at: usize| {
            logo.bytes
                .get(at..at + 4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        return Some((logo.bytes.clone(), dim(16)?, dim(20)?)).filter(|(_, w, h)| *w > 0 && *h > 0);
    }
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_data(&logo.bytes, &usvg::Options::default()).ok()?;
    let size = tree.size();
    // Drawn 160 pixels high: sharp at the 1.4 cm it is printed.
    let scale = 160.0 / size.height().max(1.0);
    let (w, h) = (
        (size.width() * scale).ceil().clamp(1.0, 2000.0) as u32,
        160u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some((pixmap.encode_png().ok()?, w, h))
}

/// An inline picture 1.4 cm high (the logo), referring to the header's image relation.
fn drawing(w: u32, h: u32, council: &str) -> String {
    const HEIGHT_EMU: u64 = 504_000;
    let width = HEIGHT_EMU * w as u64 / h.max(1) as u64;
    format!(
        "<w:drawing><wp:inline xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{width}\" cy=\"{HEIGHT_EMU}\"/><wp:docPr id=\"1\" name=\"Logo\" descr=\"Logo {}\"/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:nvPicPr><pic:cNvPr id=\"1\" name=\"logo.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdLogo\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{width}\" cy=\"{HEIGHT_EMU}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>",
        esc(council)
    )
}
