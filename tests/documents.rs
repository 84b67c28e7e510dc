//! Documents on a request, over real file shapes the test makes itself: a multi-page Dutch PDF
//! (LibreOffice converts a .docx written here), the .docx itself, an OpenDocument file, an .eml
//! with attachments, an Outlook .msg, a damaged PDF, PDFs with deeply nested objects, a cyclic
//! page tree and a compressed "bomb", a zip bomb named .docx, and a 200 MB file. Each gives the
//! right text or a clear Dutch message; nothing is half-stored; the process's peak memory stays
//! under the stated bound.

#[path = "support/papers.rs"]
mod papers;

use std::io::Write;

use papers::{docx, pdf_by_libreoffice, pdf_of, stream, zip_of};

use advieswerk::request::RequestInput;
use advieswerk::service::{self, SearchInput};
use advieswerk::{NaiveDate, Store, date};

fn d(s: &str) -> NaiveDate {
    date::parse(s).unwrap()
}

fn council() -> (tempfile::TempDir, Store, advieswerk::RequestId) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let id = service::create_request(
        &mut s,
        &RequestInput::asked("Beleidsplan sociaal domein 2027", "02-11-2026"),
        d("02-11-2026"),
    )
    .unwrap()
    .id;
    (dir, s, id)
}

fn counts(s: &Store) -> (i64, i64, i64) {
    s.conn()
        .query_row(
            "SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM stored_file),
                    (SELECT count(*) FROM document_text)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn find(s: &mut Store, q: &str) -> Vec<(String, Option<u32>, String)> {
    service::search(
        s,
        &SearchInput {
            query: q.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .hits
    .into_iter()
    .map(|h| {
        let snippet: String = h.snippet.iter().map(|p| p.text.as_str()).collect();
        (h.title, h.page, snippet)
    })
    .collect()
}

/// Refused with a Dutch message naming the problem; nothing of it stored.
fn refused(s: &mut Store, id: &advieswerk::RequestId, name: &str, bytes: Vec<u8>, says: &str) {
    let before = counts(s);
    let err = service::add_document(s, id, name, bytes, d("03-12-2026"))
        .expect_err(&format!("{name} must be refused"));
    let fields = err.to_api().fields;
    assert_eq!(fields.len(), 1, "{name}: {fields:?}");
    assert_eq!(fields[0].field, "file");
    assert!(
        fields[0].message.contains(says),
        "{name}: \"{}\" should say \"{says}\"",
        fields[0].message
    );
    assert_eq!(counts(s), before, "{name}: nothing may be half-stored");
}

fn peak_memory_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        / 1024
}

/// The bound a document's reading keeps to: 100 MB files, streams that unpack to 256 MB at most.
const MEMORY_BOUND_MB: u64 = 600;

#[test]
fn every_paper_a_council_receives_is_read_or_refused_clearly_within_a_memory_bound() {
    let (dir, mut s, id) = council();

    // A three-page Dutch PDF from LibreOffice; one word only on page 2.
    let nota = docx(&[
        &[
            "Raadsvoorstel Wmo 2027",
            "Inleiding over de financiële middelen van de gemeente.",
        ],
        &[
            "Hoofdstuk 2",
            "De wachtlijsten in de jeugdzorg en de inzet van zorgboerderijen.",
        ],
        &["Hoofdstuk 3", "Mantelzorgers krijgen een waardering."],
    ]);
    let pdf = pdf_by_libreoffice(dir.path(), &nota);
    let added = service::add_document(
        &mut s,
        &id,
        "Raadsvoorstel Wmo.pdf",
        pdf.clone(),
        d("03-12-2026"),
    )
    .unwrap();
    assert_eq!(added.added, ["Raadsvoorstel Wmo.pdf"]);
    let doc = &added.documents[0];
    assert_eq!(
        (doc.kind.as_str(), doc.pages, doc.note.as_deref()),
        ("pdf", 3, None)
    );
    assert_eq!(doc.size, pdf.len() as i64);
    let hits = find(&mut s, "zorgboerderij");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].0, "Raadsvoorstel Wmo.pdf");
    assert_eq!(hits[0].1, Some(2), "found on page 2");
    assert!(hits[0].2.contains("zorgboerderijen"), "{}", hits[0].2);
    // Accents folded, stemmed.
    assert_eq!(find(&mut s, "financiele")[0].1, Some(1));

    // The same PDF again: stored once, and said so.
    let again =
        service::add_document(&mut s, &id, "kopie.pdf", pdf.clone(), d("03-12-2026")).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(
        again.skipped[0].reason,
        "Dit document staat al bij deze aanvraag."
    );

    // The .docx itself and an OpenDocument text.
    let added = service::add_document(&mut s, &id, "nota.docx", nota, d("03-12-2026")).unwrap();
    assert_eq!(added.added, ["nota.docx"]);
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Verslag</text:h><text:p>Het <text:span>cliëntondersteuningsplan</text:span> &amp; de<text:s text:c="2"/>huishoudelijke hulp.</text:p></office:text></office:body></office:document-content>"#;
    let odt = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
    ]);
    service::add_document(&mut s, &id, "verslag.odt", odt, d("03-12-2026")).unwrap();
    let hits = find(&mut s, "clientondersteuningsplan");
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["verslag.odt"]
    );
    assert!(
        hits[0]
            .2
            .contains("cliëntondersteuningsplan & de  huishoudelijke")
            || hits[0]
                .2
                .contains("cliëntondersteuningsplan & de huishoudelijke"),
        "{}",
        hits[0].2
    );

    // An e-mail with the PDF, a text file and a picture attached.
    let eml = format!(
        "From: Gemeente Midden-Delfland <secretariaat@middendelfland.nl>\r\n\
         To: adviesraad@example.nl\r\n\
         Subject: =?UTF-8?Q?Adviesaanvraag_inkoop_jeugdhulp_=E2=80=93_financi=C3=ABle_kaders?=\r\n\
         Date: Tue, 24 Nov 2026 09:15:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"grens\"\r\n\r\n\
         --grens\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         Geachte adviesraad,\r\n\r\nGraag ontvangen wij uw advies over de inkoopstrategie.\r\n\r\n\
         --grens\r\nContent-Type: application/pdf; name=\"bijlage.pdf\"\r\nContent-Disposition: attachment; filename=\"Inkoopstrategie.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n\
         --grens\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=\"planning.txt\"\r\n\r\nPlanning: besluit college in januari over de sociale basis.\r\n\
         --grens\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
         --grens--\r\n",
        base64_lines(&pdf_by_libreoffice(
            dir.path(),
            &docx(&[&["Inkoop van specialistische jeugdhulp per regio."]])
        ))
    );
    let draft = service::read_email("aanvraag.eml", eml.as_bytes(), d("03-12-2026")).unwrap();
    assert_eq!(
        draft.subject,
        "Adviesaanvraag inkoop jeugdhulp – financiële kaders"
    );
    assert_eq!(draft.requester, "Gemeente Midden-Delfland");
    assert_eq!(draft.sender_address, "secretariaat@middendelfland.nl");
    assert_eq!(draft.received_on, Some(d("24-11-2026")));
    assert_eq!(
        draft.attachments,
        ["Inkoopstrategie.pdf", "planning.txt", "logo.png"]
    );
    let added = service::add_document(
        &mut s,
        &id,
        "aanvraag.eml",
        eml.into_bytes(),
        d("03-12-2026"),
    )
    .unwrap();
    assert_eq!(
        added.added,
        ["aanvraag.eml", "Inkoopstrategie.pdf", "planning.txt"]
    );
    assert_eq!(added.skipped.len(), 1);
    assert!(
        added.skipped[0]
            .reason
            .contains("logo.png: dit soort bestand kan niet"),
        "{:?}",
        added.skipped
    );
    let mail = added
        .documents
        .iter()
        .find(|d| d.name == "aanvraag.eml")
        .unwrap();
    assert_eq!(
        mail.received_on,
        d("24-11-2026"),
        "an e-mail was received the day it was sent"
    );
    assert_eq!(find(&mut s, "specialistische")[0].0, "Inkoopstrategie.pdf");
    // The mail's body says it; the attachment's name says it too.
    let hits: Vec<String> = find(&mut s, "inkoopstrategie")
        .into_iter()
        .map(|h| h.0)
        .collect();
    assert!(hits.contains(&"aanvraag.eml".to_string()), "{hits:?}");
    assert_eq!(find(&mut s, "\"sociale basis\"")[0].0, "planning.txt");

    // An Outlook .msg with a text attachment.
    let msg = outlook_msg(
        "Reactie college op advies Wmo",
        "Wethouder Jansen",
        "j.jansen@gemeente.nl",
        "Het college neemt het advies over de respijtzorg over.",
        (
            "toezeggingen.txt",
            "Het college zegt toe de mantelzorgwaardering te verhogen.",
        ),
    );
    let added =
        service::add_document(&mut s, &id, "reactie.msg", msg.clone(), d("03-12-2026")).unwrap();
    assert_eq!(added.added, ["reactie.msg", "toezeggingen.txt"]);
    let draft = service::read_email("reactie.msg", &msg, d("03-12-2026")).unwrap();
    assert_eq!(
        (
            draft.subject.as_str(),
            draft.requester.as_str(),
            draft.sender_address.as_str(),
            draft.received_on
        ),
        (
            "Reactie college op advies Wmo",
            "Wethouder Jansen",
            "j.jansen@gemeente.nl",
            Some(d("01-12-2026"))
        )
    );
    assert_eq!(find(&mut s, "respijtzorg")[0].0, "reactie.msg");
    assert_eq!(
        find(&mut s, "mantelzorgwaardering")[0].0,
        "toezeggingen.txt"
    );

    // A scan: a page with an image and no text is listed with a note.
    let scan = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("", b"0 0 1 rg 10 10 100 100 re f"),
    ]);
    let added = service::add_document(&mut s, &id, "scan.pdf", scan, d("03-12-2026")).unwrap();
    let listed = added
        .documents
        .iter()
        .find(|d| d.name == "scan.pdf")
        .unwrap();
    assert_eq!(
        listed.note.as_deref(),
        Some("geen tekst gevonden (gescand document?)")
    );
    assert_eq!(
        find(&mut s, "scan")[0].0,
        "scan.pdf",
        "a scan is found by its name"
    );

    let stored = counts(&s);

    // A damaged PDF: the LibreOffice one cut in half, and one whose bytes after the header are noise.
    let mut noise = b"%PDF-1.4\n".to_vec();
    noise.extend((0..20_000u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
    refused(
        &mut s,
        &id,
        "kapot.pdf",
        noise,
        "Het PDF-bestand is beschadigd en kan niet worden gelezen",
    );
    let half = pdf[..pdf.len() / 2].to_vec();
    match service::add_document(&mut s, &id, "half.pdf", half, d("03-12-2026")) {
        // A reader that recovers what it can is right too, as long as it is the real text.
        Ok(a) => {
            println!("half.pdf: read");
            assert!(a.added == ["half.pdf"]);
        }
        Err(e) => assert!(e.to_api().fields[0].message.contains("beschadigd"), "{e:?}"),
    }
    let stored = if counts(&s).0 > stored.0 {
        counts(&s)
    } else {
        stored
    };

    // Deeply nested arrays in a page's dictionary.
    let deep = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /X {}{} >>",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let nested = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        deep.into_bytes(),
        stream("", b"BT /F1 12 Tf 72 720 Td (Diep) Tj ET"),
    ]);
    refused_or_read(&mut s, &id, "genest.pdf", nested);
    // A page tree whose kids point back at their parent.
    let cyclic = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Parent 2 0 R /Count 1 >>".to_vec(),
    ]);
    refused_or_read(&mut s, &id, "kringloop.pdf", cyclic);
    // A compressed stream of 2 GB of zeros in 2 MB: refused before it is unpacked.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..2048 {
        z.write_all(&zeros).unwrap();
    }
    let bomb = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream("/Filter /FlateDecode", &z.finish().unwrap()),
    ]);
    refused(&mut s, &id, "bom.pdf", bomb, "pakt uit tot meer dan");

    // A zip bomb named .docx: 1 GB of zeros as word/document.xml.
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("word/document.xml", opts).unwrap();
        for _ in 0..1024 {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    refused(&mut s, &id, "bom.docx", out.into_inner(), "zip-bom");

    // Not what its name says, an unknown kind, an empty file.
    refused(
        &mut s,
        &id,
        "nep.docx",
        b"dit is geen zip".to_vec(),
        "Het bestand heet Word-bestand, maar is het niet.",
    );
    refused(
        &mut s,
        &id,
        "foto.png",
        b"\x89PNG\r\n".to_vec(),
        "dit soort bestand kan niet worden toegevoegd",
    );
    refused(&mut s, &id, "leeg.txt", Vec::new(), "Het bestand is leeg.");

    // A 200 MB file: refused by its size before a byte is read.
    let big = dir.path().join("groot.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let (read, skipped) = service::read_path(&big);
    assert!(read.is_empty());
    assert_eq!(
        skipped[0].reason,
        "Het bestand is 200 MB; een document mag hoogstens 100 MB zijn."
    );
    let before = counts(&s);
    let err = service::store_files(&mut s, &id, read, skipped, d("03-12-2026")).unwrap_err();
    assert!(err.to_api().fields[0].message.contains("200 MB"));
    assert_eq!(counts(&s), before);

    assert_eq!(
        counts(&s).0,
        stored.0 + extra_read(&s),
        "only what was read was stored"
    );
    let peak = peak_memory_mb();
    println!("peak memory of the corpus test: {peak} MB (bound {MEMORY_BOUND_MB} MB)");
    assert!(peak < MEMORY_BOUND_MB, "peak memory {peak} MB");

    // Documents are in the database file, so in its backups: removed, then restored with it.
    let backup = service::make_backup(&s).unwrap().backups[0]
        .file_name
        .clone();
    let odt_doc = service::list_documents(&s, &id)
        .unwrap()
        .into_iter()
        .find(|d| d.name == "verslag.odt")
        .unwrap();
    let odt_bytes = s.document_bytes(&odt_doc.id).unwrap().unwrap();
    service::delete_document(&mut s, &odt_doc.id).unwrap();
    assert!(find(&mut s, "clientondersteuningsplan").is_empty());
    service::restore_backup(&mut s, &backup).unwrap();
    assert_eq!(s.document_bytes(&odt_doc.id).unwrap().unwrap(), odt_bytes);
    assert_eq!(find(&mut s, "clientondersteuningsplan")[0].0, "verslag.odt");

    // Removing a document removes it from search; its file goes when nothing else has it.
    let docs = service::list_documents(&s, &id).unwrap();
    let pdf_doc = docs
        .iter()
        .find(|d| d.name == "Raadsvoorstel Wmo.pdf")
        .unwrap();
    service::delete_document(&mut s, &pdf_doc.id).unwrap();
    let hits = find(&mut s, "zorgboerderij");
    assert!(
        hits.iter().all(|h| h.0 != "Raadsvoorstel Wmo.pdf"),
        "{hits:?}"
    );
    let sum = advieswerk::store::document::checksum(&pdf);
    let left: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM stored_file WHERE sha256 = ?1",
            [&sum],
            |r| r.get(0),
        )
        .unwrap();
    // half.pdf (the first half of the same PDF, if its reader recovered it) is other content.
    assert_eq!(left, 0);
}

/// The documents among the hostile ones that a reader did read (nested, cyclic).
fn extra_read(s: &Store) -> i64 {
    s.conn()
        .query_row(
            "SELECT count(*) FROM document WHERE name IN ('genest.pdf', 'kringloop.pdf')",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A hostile PDF a reader may either read (whatever text it has) or refuse as damaged; never a
/// crash, and nothing half-stored.
fn refused_or_read(s: &mut Store, id: &advieswerk::RequestId, name: &str, bytes: Vec<u8>) {
    let before = counts(s);
    match service::add_document(s, id, name, bytes, d("03-12-2026")) {
        Ok(a) => {
            println!("{name}: read");
            assert_eq!(a.added, [name]);
        }
        Err(e) => {
            println!("{name}: {}", e.to_api().fields[0].message);
            assert!(
                e.to_api().fields[0].message.contains("beschadigd"),
                "{name}: {e:?}"
            );
            assert_eq!(counts(s), before, "{name}: nothing may be half-stored");
        }
    }
}

fn base64_lines(bytes: &[u8]) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::STANDARD.encode(bytes);
    b.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// An Outlook message as a compound file: the property streams Outlook writes (UTF-16 strings),
/// a fixed-length property stream with the submit time (1 December 2026), and one attachment.
fn outlook_msg(
    subject: &str,
    from: &str,
    address: &str,
    body: &str,
    attachment: (&str, &str),
) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let put = |file: &mut cfb::CompoundFile<_>, path: &str, bytes: &[u8]| {
        file.create_stream(path).unwrap().write_all(bytes).unwrap();
    };
    put(&mut file, "/__substg1.0_0037001F", &utf16(subject));
    put(&mut file, "/__substg1.0_0C1A001F", &utf16(from));
    put(&mut file, "/__substg1.0_5D01001F", &utf16(address));
    put(&mut file, "/__substg1.0_1000001F", &utf16(body));
    // 1 December 2026 10:00 UTC as a FILETIME.
    let secs = 1_796_119_200u64 + 11_644_473_600;
    let mut props = vec![0u8; 32];
    props.extend_from_slice(&0x0040u16.to_le_bytes());
    props.extend_from_slice(&0x0039u16.to_le_bytes());
    props.extend_from_slice(&0u32.to_le_bytes());
    props.extend_from_slice(&(secs * 10_000_000).to_le_bytes());
    put(&mut file, "/__properties_version1.0", &props);
    file.create_storage("/__attach_version1.0_#00000000")
        .unwrap();
    put(
        &mut file,
        "/__attach_version1.0_#00000000/__substg1.0_3707001F",
        &utf16(attachment.0),
    );
    put(
        &mut file,
        "/__attach_version1.0_#00000000/__substg1.0_37010102",
        attachment.1.as_bytes(),
    );
    file.flush().unwrap();
    file.into_inner().into_inner()
}
