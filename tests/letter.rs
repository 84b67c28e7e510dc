//! Importing an advice letter written like the published example (`../shared/examples/`).

#[path = "support/libreoffice.rs"]
mod libreoffice;
#[path = "support/poppler.rs"]
mod poppler;

use advieswerk::advice::SectionScope;
use advieswerk::letterhead::{LetterDetailsInput, LetterheadInput};
use advieswerk::request::RequestInput;
use advieswerk::{Store, date, service};
use chrono::Datelike;
use libreoffice::libreoffice_text;

const EXAMPLE: &str = "../shared/examples/adviesbrief-midden-delfland-inkoopstrategie-jeugdhulp.md";

#[test]
fn the_example_letter_becomes_a_request_with_its_four_parts_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let text = std::fs::read_to_string(EXAMPLE).expect("../shared/examples beside the repository");
    let today = date::parse("23-11-2026").unwrap();
    let report = service::import_letter(&mut s, &text, today).unwrap();
    assert_eq!(report.sections, 4);
    assert!(
        report.notices[0].contains("geen datum"),
        "{:?}",
        report.notices
    );

    let r = service::get_request(&s, &report.request_id, today).unwrap();
    assert_eq!(
        r.subject,
        "Advies over de regionale inkoopstrategie specialistische jeugdhulp"
    );
    assert!(
        r.requester
            .starts_with("College van burgemeester en wethouders")
    );
    assert_eq!(r.received_on, today);

    let advice = service::open_advice(&mut s, &report.request_id).unwrap();
    let headings: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let titles: Vec<&str> = advice.sections.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles, headings);
    let scopes: Vec<SectionScope> = advice.sections.iter().map(|x| x.scope).collect();
    assert_eq!(
        scopes,
        [
            SectionScope::Opening,
            SectionScope::Regional,
            SectionScope::Local,
            SectionScope::Closing
        ]
    );
    assert!(advice.sections[1].stats.recommendations >= 3);

    // Every line of the letter's body is in the stored text, in order, except the closing
    // formula and the signature, which the letter adds itself.
    let stored: String = advice
        .sections
        .iter()
        .map(|x| x.body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let body = text.splitn(3, "---").nth(2).unwrap();
    let mut at = 0;
    let mut checked = 0;
    for line in body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("## "))
    {
        if line == "Met vriendelijke groeten," {
            break;
        }
        let found = stored[at..]
            .find(line)
            .unwrap_or_else(|| panic!("not found in order: {line}"));
        at += found + line.len();
        checked += 1;
    }
    assert!(checked > 30, "{checked} lines checked");
    let closing = &advice.sections[3].body;
    assert!(!closing.contains("Met vriendelijke groeten") && !closing.contains("Kromdijk"));
    assert!(
        closing.ends_with("in kennis stelt van dit advies."),
        "{closing}"
    );
}

#[test]
fn a_malformed_letter_file_is_refused_with_a_dutch_message_and_nothing_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    for (text, field, needle) in [
        ("Geen gegevens\n## Aanhef\nx", "file", "eerste regel"),
        ("---\nsubject: Iets\n## Aanhef\n", "file", "niet afgesloten"),
        (
            "---\ncouncil: Raad\n---\n## Aanhef\nx",
            "subject",
            "onderwerp",
        ),
        (
            "---\nsubject: Iets\n---\nalleen tekst",
            "file",
            "geen onderdelen",
        ),
    ] {
        let e = service::import_letter(&mut s, text, today)
            .unwrap_err()
            .to_api();
        assert_eq!(e.fields[0].field, field, "{text}");
        assert!(
            e.fields[0].message.contains(needle),
            "{}",
            e.fields[0].message
        );
    }
    assert_eq!(service::app_info(&s, today).unwrap().request_count, 0);
}

/// A database holding the example letter, imported through the use case alone: the council's
/// name, the signer and the closing formula come from the letter, nothing is written by hand.
fn imported_example() -> (
    tempfile::TempDir,
    Store,
    String,
    advieswerk::RequestId,
    chrono::NaiveDate,
) {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    let (dir, s, id, today) = imported(&text);
    (dir, s, text, id, today)
}

fn imported(
    text: &str,
) -> (
    tempfile::TempDir,
    Store,
    advieswerk::RequestId,
    chrono::NaiveDate,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    let id = service::import_letter(&mut s, text, today)
        .unwrap()
        .request_id;
    (dir, s, id, today)
}

/// The letter's text in each format as a reader gets it: HTML without tags, the PDF through
/// poppler, the .docx through LibreOffice; spaces folded.
fn read_back_all(
    s: &mut Store,
    id: &advieswerk::RequestId,
    today: chrono::NaiveDate,
    dir: &std::path::Path,
) -> [(&'static str, String); 3] {
    let html = String::from_utf8(
        service::render_letter(s, id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    let pdf_path = dir.join("brief.pdf");
    std::fs::write(
        &pdf_path,
        service::render_letter(s, id, service::LetterFormat::Pdf, today).unwrap(),
    )
    .unwrap();
    let docx_path = dir.join("brief.docx");
    std::fs::write(
        &docx_path,
        service::render_letter(s, id, service::LetterFormat::Docx, today).unwrap(),
    )
    .unwrap();
    [
        ("HTML", visible_text(&html)),
        ("PDF", fold(&poppler::pdf_text(&pdf_path))),
        (".docx", fold(&libreoffice_text(&docx_path))),
    ]
}

/// What follows the last closing formula: the signature block.
fn signature<'a>(read: &'a str, closing: &str) -> &'a str {
    let at = read
        .rfind(closing)
        .unwrap_or_else(|| panic!("no closing formula '{closing}' in: {read}"));
    &read[at..]
}

#[test]
fn the_example_letter_is_signed_by_its_own_council_chair_and_role_in_every_format() {
    let (dir, mut s, _text, id, today) = imported_example();
    for (format, read) in read_back_all(&mut s, &id, today, dir.path()) {
        let sig = signature(&read, "Met vriendelijke groeten,");
        for needle in [
            "Adviesraad Sociaal Domein Midden-Delfland",
            "P.E.H. Kromdijk",
            "voorzitter",
        ] {
            assert!(
                sig.contains(needle),
                "{needle} not signed in the {format}: {sig}"
            );
        }
    }
    // The signer is the letter's, not a note on the request.
    let r = service::get_request(&s, &id, today).unwrap();
    assert!(!r.notes.contains("Kromdijk"), "{}", r.notes);
    assert_eq!(
        service::get_council(&s).unwrap().name,
        "Adviesraad Sociaal Domein Midden-Delfland"
    );
}

#[test]
fn a_letter_signed_by_the_secretary_is_signed_by_her_in_every_format_not_by_the_defaults() {
    let text = std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replace(
            "signed_by: P.E.H. Kromdijk",
            "signed_by: J.M. de Vries-Öztürk",
        )
        .replace("signed_as: voorzitter", "signed_as: secretaris")
        .replace(
            "closing_formula: Met vriendelijke groeten,",
            "closing_formula: Hoogachtend,",
        )
        .replace("Met vriendelijke groeten,\n", "Hoogachtend,\n")
        .replace(
            "P.E.H. Kromdijk, voorzitter",
            "J.M. de Vries-Öztürk, secretaris",
        );
    assert!(text.contains("signed_as: secretaris") && text.contains("\nHoogachtend,\n"));
    let (dir, mut s, id, today) = imported(&text);
    let details = service::get_letter_details(&s, &id, today).unwrap();
    assert_eq!(
        (
            details.signer.as_str(),
            details.signer_role.as_str(),
            details.closing_formula.as_str()
        ),
        ("J.M. de Vries-Öztürk", "secretaris", "Hoogachtend,")
    );
    for (format, read) in read_back_all(&mut s, &id, today, dir.path()) {
        assert!(
            !read.contains("Met vriendelijke groet"),
            "default closing in the {format}"
        );
        let sig = signature(&read, "Hoogachtend,");
        let council = sig.find("Adviesraad Sociaal Domein Midden-Delfland");
        let signer = sig.find("J.M. de Vries-Öztürk");
        let role = sig.find("secretaris");
        assert!(
            council.is_some() && council < signer && signer < role,
            "the {format} is not signed council, signer, role: {sig}"
        );
        assert!(
            !sig.contains("voorzitter"),
            "the default role in the {format}: {sig}"
        );
    }
    // The letter's own data can be changed back to the council's defaults in the app.
    let mut input = LetterDetailsInput {
        request_id: id.clone(),
        addressee: details.addressee.clone(),
        date: String::new(),
        our_reference: details.our_reference.clone(),
        their_reference: details.their_reference.clone(),
        salutation: details.salutation.clone(),
        closing_formula: String::new(),
        attachments: String::new(),
        copies: String::new(),
        signer: String::new(),
        signer_role: String::new(),
    };
    let mut council = service::get_council(&s).unwrap().to_input();
    council.chair = "A. Bakker".into();
    service::save_council(&mut s, &council).unwrap();
    service::save_letter_details(&mut s, &input, today).unwrap();
    let html = String::from_utf8(
        service::render_letter(&mut s, &id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    let sig = signature(&visible_text(&html), "Met vriendelijke groeten,").to_owned();
    assert!(
        sig.contains("A. Bakker") && sig.contains("voorzitter") && !sig.contains("Vries"),
        "{sig}"
    );
    // A signer's role over 100 characters is refused, naming the field.
    input.signer_role = "r".repeat(101);
    let e = service::save_letter_details(&mut s, &input, today)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "signerRole");
}

/// Checks that every line of the example letter's body is in `read`, in order (list markers
/// are numbering now, the opening and closing have no heading, spaces are folded); returns how
/// many lines were checked.
fn assert_letter_lines_in_order(
    letter: &str,
    read: &str,
    what: &str,
    normal: fn(&str) -> String,
) -> usize {
    let read = normal(read);
    let body = letter.splitn(3, "---").nth(2).unwrap();
    let mut at = 0;
    let mut checked = 0;
    for line in body.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == "## Aanhef" || line == "## Slot" {
            continue;
        }
        let line = line.strip_prefix("## ").unwrap_or(line);
        let line = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(". ")
            .trim_start_matches("- ");
        let line = normal(line);
        let found = read[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("not in order in {what}: {line}"));
        at += found + line.len();
        checked += 1;
    }
    checked
}

/// Spaces folded to one.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of an HTML document: tags removed, the five escapes undone, spaces folded.
fn visible_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No element runs anything: no script element, no event attribute, no script link. Only real
/// tags are looked at; escaped user text may mention anything.
fn assert_inert(html: &str) {
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap().to_lowercase())
    {
        assert!(!tag.starts_with("script"), "script element: <{tag}>");
        assert!(!tag.contains("javascript:"), "script link: <{tag}>");
        let has_event = tag
            .split_whitespace()
            .skip(1)
            .any(|a| a.starts_with("on") && a.contains('='));
        assert!(!has_event, "event attribute: <{tag}>");
    }
}

#[test]
fn the_example_letter_exported_as_html_holds_every_line_in_order_and_runs_nothing() {
    let (_dir, mut s, text, id, today) = imported_example();
    let html = String::from_utf8(
        service::render_letter(&mut s, &id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    assert_inert(&html);
    let visible = visible_text(&html);
    let checked = assert_letter_lines_in_order(&text, &visible, "the HTML letter", fold);
    assert!(checked > 40);
    assert!(
        html.contains("<ol>") && html.contains("<ul>"),
        "numbered points with bullets"
    );
}

#[test]
fn markdown_that_tries_to_break_out_stays_text_in_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    let mut hostile = String::from(
        "Tekst <img src=x onerror=alert(1)> en <script>alert(1)</script>\n\n\
         [link](javascript:alert(1)) {{ MERGEFIELD naam }} #set page(width: 1cm) \\\"quote\n\n\
         Eenzeerlanggewoordzonderspaties",
    );
    hostile.push_str(&"x".repeat(5_000));
    hostile.push_str("\n\n");
    for i in 1..=2000 {
        hostile.push_str(&format!("{i}. Aanbeveling {i}\n"));
    }
    let letter = format!(
        "---\nsubject: Vijandig <b>onderwerp</b>\n---\n## Aanhef\nGeacht college,\n\n## A. Regionaal advies\n{hostile}\n## Slot\nDank.\n"
    );
    let id = service::import_letter(&mut s, &letter, today)
        .unwrap()
        .request_id;
    let html = String::from_utf8(
        service::render_letter(&mut s, &id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    assert_inert(&html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Vijandig &lt;b&gt;onderwerp&lt;/b&gt;"));
    assert!(html.contains("{{ MERGEFIELD naam }} #set page(width: 1cm)"));
    assert_eq!(html.matches("<li>").count(), 2000);
    // The Word file carries the same text, escaped, and LibreOffice reads it.
    let docx = service::render_letter(&mut s, &id, service::LetterFormat::Docx, today).unwrap();
    let path = dir.path().join("vijandig.docx");
    std::fs::write(&path, &docx).unwrap();
    let read = libreoffice_text(&path);
    assert!(read.contains("<script>alert(1)</script>") && read.contains("{{ MERGEFIELD naam }}"));
    assert!(read.contains("Aanbeveling 2000"));
    // So does the PDF: the Typst syntax in the text is printed, not obeyed (the page stays A4).
    let pdf = service::render_letter(&mut s, &id, service::LetterFormat::Pdf, today).unwrap();
    let path = dir.path().join("vijandig.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let read = poppler::pdf_text(&path);
    assert!(
        read.contains("<script>alert(1)</script>"),
        "{}",
        &read[..500]
    );
    assert!(read.contains("#set page(width: 1cm)") && read.contains("{{ MERGEFIELD naam }}"));
    assert!(read.contains("Vijandig <b>onderwerp</b>"));
    assert!(read.contains("2000. Aanbeveling 2000"));
    let long = format!("Eenzeerlanggewoordzonderspaties{}", "x".repeat(5_000));
    assert!(
        poppler::letters_only(&poppler::without_running_lines(
            &read,
            &["Adviesraad Sociaal Domein"]
        ))
        .contains(&long),
        "{}",
        &read[read.find("Eenzeer").unwrap_or(0)..][..400]
    );
    let info = poppler::pdf_info(&path);
    assert!(info.contains("(A4)"), "{info}");
}

#[test]
fn text_the_pdf_fonts_cannot_draw_is_refused_with_the_characters_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    let letter = "---\nsubject: Tekens\n---\n## Aanhef\nGeacht college, 中文 en ✓ en ë.\n";
    let id = service::import_letter(&mut s, letter, today)
        .unwrap()
        .request_id;
    let e = service::render_letter(&mut s, &id, service::LetterFormat::Pdf, today)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "tekst");
    assert!(e.message.contains("中 (U+4E2D)"), "{}", e.message);
    assert!(
        !e.message.contains('✓') && !e.message.contains('ë'),
        "{}",
        e.message
    );
}

#[test]
fn the_example_letter_as_pdf_is_pdf_a_with_embedded_fonts_and_every_line_in_order() {
    let (dir, mut s, text, id, today) = imported_example();
    let bytes = service::render_letter(&mut s, &id, service::LetterFormat::Pdf, today).unwrap();
    let path = dir.path().join("brief.pdf");
    std::fs::write(&path, &bytes).unwrap();

    let read = poppler::pdf_text(&path);
    assert!(read.contains("Pagina 1 van "), "footer: {}", &read[..300]);
    let body =
        poppler::without_running_lines(&read, &["Adviesraad Sociaal Domein Midden-Delfland"]);
    let checked =
        assert_letter_lines_in_order(&text, &body, "pdftotext's reading", poppler::letters_only);
    assert!(checked > 40);
    // Dutch hyphenation broke words at line ends: "ge-" + "meente" is a word of the letter.
    let lines: Vec<&str> = read.lines().map(str::trim).collect();
    let hyphenated: Vec<String> = lines
        .windows(2)
        .filter_map(|w| {
            // Typst marks a hyphenation break with a soft hyphen.
            let head = w[0].strip_suffix('\u{AD}')?.split_whitespace().last()?;
            let tail = w[1].split_whitespace().next()?;
            let tail = tail.trim_end_matches(|c: char| !c.is_alphabetic());
            let word = format!("{head}{tail}");
            (head.chars().all(char::is_alphabetic) && !tail.is_empty()).then_some(word)
        })
        .collect();
    assert!(!hyphenated.is_empty(), "no word was hyphenated");
    for word in &hyphenated {
        assert!(
            text.contains(word.as_str()),
            "hyphenation made a word not in the letter: {word}"
        );
    }

    let fonts = poppler::pdf_fonts(&path);
    assert!(!fonts.is_empty());
    for row in &fonts {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [type…] encoding emb sub uni object ID: "emb" is the fourth from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
        assert!(
            row.contains("Liberation") || row.contains("DejaVu"),
            "{row}"
        );
    }

    let info = poppler::pdf_info(&path);
    assert!(
        info.contains("pdfaid:part>2<") || info.contains("pdfaid:part=\"2\""),
        "{info}"
    );
    assert!(
        info.contains("pdfaid:conformance>A<") || info.contains("pdfaid:conformance=\"A\""),
        "{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );
    assert!(info.contains("(A4)"), "{info}");
    assert!(
        info.contains("Advies over de regionale inkoopstrategie"),
        "title: {info}"
    );
}

#[test]
fn the_example_letter_as_docx_is_read_by_libreoffice_with_every_line_in_order() {
    let (dir, mut s, text, id, today) = imported_example();
    let bytes = service::render_letter(&mut s, &id, service::LetterFormat::Docx, today).unwrap();
    let path = dir.path().join("brief.docx");
    std::fs::write(&path, &bytes).unwrap();
    let read = libreoffice_text(&path);
    let checked = assert_letter_lines_in_order(&text, &read, "LibreOffice's reading", fold);
    assert!(checked > 40);
    // Real Word structure: section titles in a heading style, numbered and bulleted lists,
    // "Pagina X van Y" from fields in the footer.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let document = part("word/document.xml");
    assert_eq!(document.matches("<w:pStyle w:val=\"Kop2\"/>").count(), 2);
    assert!(
        document.contains("<w:numId w:val=\"2\"/>") && document.contains("<w:numId w:val=\"1\"/>")
    );
    let footer = part("word/footer1.xml");
    assert!(
        footer.contains("Pagina ") && footer.contains(" PAGE ") && footer.contains(" NUMPAGES ")
    );
}

#[test]
fn the_letterhead_logo_and_the_letters_own_data_are_in_every_format() {
    let (dir, mut s, _text, id, today) = imported_example();
    service::save_letterhead(
        &mut s,
        &LetterheadInput {
            postal_address: "Postbus 5\n2630 AA Nootdorp".into(),
            email: "secretariaat@asd-voorbeeld.nl".into(),
            website: "www.asd-voorbeeld.nl".into(),
            phone: String::new(),
            closing_formula: "Met vriendelijke groet,".into(),
            signer_role: "voorzitter".into(),
        },
    )
    .unwrap();
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#154273"/></svg>"##;
    let head = service::save_logo(&mut s, svg).unwrap();
    assert_eq!(head.logo_format.as_deref(), Some("svg"));
    // A file that says PNG but is not one is refused before it could spoil a letter.
    let broken = [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..],
        &10u32.to_be_bytes(),
        &10u32.to_be_bytes(),
        &[7u8; 64],
    ]
    .concat();
    let e = service::save_logo(&mut s, &broken).unwrap_err().to_api();
    assert_eq!(e.fields[0].field, "logo");
    assert!(
        e.message.contains("kan niet worden gelezen"),
        "{}",
        e.message
    );
    assert_eq!(
        service::get_letterhead(&s).unwrap().logo_format.as_deref(),
        Some("svg")
    );

    // The import stored what the letter says of itself.
    let details = service::get_letter_details(&s, &id, today).unwrap();
    assert!(details.stored && details.signer == "P.E.H. Kromdijk");
    assert!(
        details
            .addressee
            .starts_with("College van burgemeester en wethouders")
    );
    service::save_letter_details(
        &mut s,
        &LetterDetailsInput {
            request_id: id.clone(),
            addressee: format!("{}\nPostbus 1\n2630 AA Nootdorp", details.addressee),
            date: "01-12-2026".into(),
            our_reference: "ASD-2026-014".into(),
            their_reference: "Z/24/123".into(),
            salutation: String::new(),
            closing_formula: String::new(),
            attachments: "Notitie wachttijden\nReactie cliëntenpanel".into(),
            copies: "De gemeenteraad van Midden-Delfland".into(),
            signer: String::new(),
            signer_role: String::new(),
        },
        today,
    )
    .unwrap();
    let expected = [
        "Postbus 5, 2630 AA Nootdorp",
        "secretariaat@asd-voorbeeld.nl",
        "1 december 2026",
        "ASD-2026-014",
        "Z/24/123",
        "Met vriendelijke groet,",
        "Bijlagen",
        "Reactie cliëntenpanel",
        "Afschrift aan",
        "De gemeenteraad van Midden-Delfland",
    ];

    let html = String::from_utf8(
        service::render_letter(&mut s, &id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    assert_inert(&html);
    assert!(html.contains("<img class=\"logo\" alt=\"Logo Adviesraad Sociaal Domein Midden-Delfland\" src=\"data:image/svg+xml;base64,"));
    let visible = visible_text(&html);
    for needle in expected {
        assert!(visible.contains(needle), "{needle} not in the HTML");
    }

    let pdf = service::render_letter(&mut s, &id, service::LetterFormat::Pdf, today).unwrap();
    let path = dir.path().join("met-briefhoofd.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let read = poppler::pdf_text(&path);
    for needle in expected {
        assert!(read.contains(needle), "{needle} not in the PDF");
    }

    let docx = service::render_letter(&mut s, &id, service::LetterFormat::Docx, today).unwrap();
    let path = dir.path().join("met-briefhoofd.docx");
    std::fs::write(&path, &docx).unwrap();
    let read = libreoffice_text(&path);
    for needle in &expected[2..] {
        assert!(
            read.contains(needle),
            "{needle} not in LibreOffice's reading"
        );
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut header = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/header1.xml").unwrap(), &mut header)
        .unwrap();
    assert!(header.contains("Postbus 5, 2630 AA Nootdorp"), "{header}");
    // The SVG logo travels as a PNG drawn from it, in the header.
    assert!(header.contains("r:embed=\"rIdLogo\""), "{header}");
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("word/media/logo.png").unwrap(), &mut png).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 100);
}

#[test]
fn a_years_letters_are_written_into_a_folder_of_that_year() {
    let (dir, mut s, _text, id, today) = imported_example();
    let year = service::get_request(&s, &id, today)
        .unwrap()
        .received_on
        .year();
    // A request without advice text has no letter.
    service::create_request(
        &mut s,
        &RequestInput::asked("Nog niets geschreven", &date::iso(today)),
        today,
    )
    .unwrap();
    let letters = service::letters_of_year(&mut s, year, today).unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].request_id, id);
    assert!(
        service::letters_of_year(&mut s, year - 1, today)
            .unwrap()
            .is_empty()
    );
    let e = service::letters_of_year(&mut s, 1800, today)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "year");

    let out = dir.path().join("export");
    for format in [service::LetterFormat::Pdf, service::LetterFormat::Docx] {
        let path = service::save_year_letter(&mut s, &id, format, today, &out).unwrap();
        assert!(
            path.starts_with(&out.join(format!("brieven-{year}")).display().to_string()),
            "{path}"
        );
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
    // A second export of the year replaces the same files instead of adding copies.
    service::save_year_letter(&mut s, &id, service::LetterFormat::Pdf, today, &out).unwrap();
    assert_eq!(
        std::fs::read_dir(out.join(format!("brieven-{year}")))
            .unwrap()
            .count(),
        2
    );
}

#[test]
fn a_letter_without_an_opening_greets_the_addressee_in_every_format_and_says_so_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    let text = "---\nsubject: Zonder inleiding\naddressee: College van burgemeester en wethouders\n---\n\
                ## Aanhef\n\n## A. Regionaal advies\nDe raden adviseren eenduidige toegang.\n";
    let id = service::import_letter(&mut s, text, today)
        .unwrap()
        .request_id;
    let preview = service::letter_preview(&mut s, &id, today).unwrap();
    assert_eq!(preview.warnings.len(), 1, "{:?}", preview.warnings);
    assert!(preview.warnings[0].contains("De inleiding is leeg"));
    for (format, read) in read_back_all(&mut s, &id, today, dir.path()) {
        let greeting = read.find("Geacht college,");
        let advice = read.find("De raden adviseren");
        assert!(
            greeting.is_some() && greeting < advice,
            "the {format} does not greet before the advice: {read}"
        );
    }
    // An opening text of its own needs no default: the example starts with its own salutation.
    let (_dir, mut s, _text, id, today) = imported_example();
    let preview = service::letter_preview(&mut s, &id, today).unwrap();
    assert_eq!(preview.warnings, Vec::<String>::new());
    assert_eq!(preview.html.matches("Geacht college").count(), 1);
}

#[test]
fn tables_with_inline_html_and_numbered_points_inside_points_agree_in_every_format() {
    let text = "---\nsubject: Tabel en genummerde punten\n---\n## Aanhef\nGeacht college,\n\n\
                ## A. Regionaal advies\n\
                | Onderwerp | Oordeel |\n|---|---|\n| Wmo <u>2027</u> beleid | positief |\n| Jeugd | negatief |\n\n\
                1. Eerste punt\n   1. Genest een\n   2. Genest twee\n2. Tweede punt\n";
    let (dir, mut s, id, today) = imported(text);
    for (format, read) in read_back_all(&mut s, &id, today, dir.path()) {
        // The row stays one row: its cells in order, the next row after it.
        let cell = read.find("Wmo <u>2027</u> beleid");
        let verdict = read.find("positief");
        let next = read.find("Jeugd");
        assert!(
            cell.is_some() && cell < verdict && verdict < next,
            "the table row is split in the {format}: {read}"
        );
        if format != "HTML" {
            // The list numbers are part of the text that Word and PDF readers give.
            for point in ["1. Genest een", "2. Genest twee", "2. Tweede punt"] {
                assert!(
                    read.contains(point),
                    "{point} not numbered in the {format}: {read}"
                );
            }
            assert!(
                !read.contains("• Genest"),
                "a bullet for a number in the {format}"
            );
        }
    }
    let html = String::from_utf8(
        service::render_letter(&mut s, &id, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    let nested = html
        .find("Eerste punt")
        .and_then(|at| html[at..].find("<ol>"));
    let closed = html
        .find("Eerste punt")
        .and_then(|at| html[at..].find("</li>"));
    assert!(
        nested.is_some() && nested < closed,
        "no numbered list inside the point: {html}"
    );
}
