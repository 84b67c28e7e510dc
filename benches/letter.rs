//! Letter benchmark: the published example letter, imported, then produced as .docx (target
//! ≤ 30 ms median) and as HTML; beside it, once, the time LibreOffice takes to turn that
//! .docx into a PDF (the route a secretary takes today). PDF from Advieswerk itself is not
//! built yet.
//!
//! Run: `cargo bench --bench letter` (LibreOffice's `soffice` on the PATH for the comparison).

mod common;

use std::time::Instant;

use advieswerk::{Store, date, service};
use common::measure;

const EXAMPLE: &str = "../shared/examples/adviesbrief-midden-delfland-inkoopstrategie-jeugdhulp.md";

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("bench.sqlite3")).expect("open");
    let text = std::fs::read_to_string(EXAMPLE).expect("../shared/examples beside the repository");
    let today = date::parse("23-11-2026").unwrap();
    let id = service::import_letter(&mut store, &text, today)
        .expect("import")
        .request_id;
    let mut docx = Vec::new();
    measure("example letter as .docx", Some(30.0), 200, |_| {
        docx = service::render_letter(&mut store, &id, service::LetterFormat::Docx, today)
            .expect("docx");
    });
    measure("example letter as HTML", None, 200, |_| {
        service::render_letter(&mut store, &id, service::LetterFormat::Html, today).expect("html");
    });
    let path = dir.path().join("brief.docx");
    std::fs::write(&path, &docx).unwrap();
    let start = Instant::now();
    let lo = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&path)
        .env("HOME", dir.path())
        .output();
    match lo {
        Ok(o) if o.status.success() => println!(
            "LibreOffice .docx → PDF (one run, including start-up)      {:>8.0} ms",
            start.elapsed().as_secs_f64() * 1000.0
        ),
        _ => println!("LibreOffice not available: no comparison"),
    }
}
