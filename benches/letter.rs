//! Letter benchmark: the published example letter, imported, then produced as .docx (target
//! ≤ 30 ms median), as PDF/A and as HTML; beside it, in the same run, the time LibreOffice takes
//! to turn that .docx into a PDF (the route a secretary takes today). Advieswerk's PDF must be
//! at least 10× faster. Typst remembers layouts between runs; the PDF is measured both with that
//! memory emptied before every run (all work done each time) and as the app meets it.
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
    let start = Instant::now();
    service::render_letter(&mut store, &id, service::LetterFormat::Pdf, today).expect("pdf");
    let first_pdf = start.elapsed().as_secs_f64() * 1000.0;
    println!("example letter as PDF/A, first in the process (fonts read) {first_pdf:>8.1} ms");
    let mut pdf_times = Vec::new();
    measure(
        "example letter as PDF/A, nothing remembered",
        None,
        30,
        |_| {
            advieswerk::letter::pdf::forget_layouts();
            let t = Instant::now();
            service::render_letter(&mut store, &id, service::LetterFormat::Pdf, today)
                .expect("pdf");
            pdf_times.push(t.elapsed().as_secs_f64() * 1000.0);
        },
    );
    measure(
        "example letter as PDF/A, again after an edit",
        None,
        30,
        |i| {
            let body = format!("Geacht college,\n\nVersie {i} van de inleiding.");
            let advice = service::open_advice(&mut store, &id).expect("advice");
            let opening = &advice.sections[0];
            service::save_section(
                &mut store,
                &advieswerk::advice::SectionSave {
                    section_id: opening.id.clone(),
                    base_version: opening.version,
                    title: opening.title.clone(),
                    body,
                    checkpoint: false,
                    base_body: None,
                },
            )
            .expect("save");
            service::render_letter(&mut store, &id, service::LetterFormat::Pdf, today)
                .expect("pdf");
        },
    );
    pdf_times.sort_by(f64::total_cmp);
    let pdf_median = pdf_times[pdf_times.len() / 2];
    let path = dir.path().join("brief.docx");
    std::fs::write(&path, &docx).unwrap();
    let mut lo_times = Vec::new();
    for _ in 0..3 {
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
            Ok(o) if o.status.success() => lo_times.push(start.elapsed().as_secs_f64() * 1000.0),
            _ => break,
        }
    }
    if lo_times.len() < 3 {
        println!("LibreOffice not available: no comparison");
        return;
    }
    lo_times.sort_by(f64::total_cmp);
    let lo_median = lo_times[1];
    let ratio = lo_median / pdf_median;
    println!(
        "LibreOffice .docx → PDF, median of 3 (with start-up)  {lo_median:>8.0} ms; \
         Advieswerk's PDF {ratio:.0}× faster (target ≥ 10×: {})",
        if ratio >= 10.0 { "met" } else { "MISSED" }
    );
}
