//! Reading an exported PDF back with poppler's tools (`pdftotext`, `pdffonts`, `pdfinfo`), as
//! an archivist or a screen reader would meet the file.

use std::path::Path;

fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[] })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} (poppler-utils) is installed by scripts/install-deps: {e}")
        });
    assert!(
        out.status.success(),
        "{tool} refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text `pdftotext` reads, in reading order.
pub fn pdf_text(pdf: &Path) -> String {
    run("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// `pdffonts`' table: one row per font with its type, encoding and whether it is embedded.
pub fn pdf_fonts(pdf: &Path) -> Vec<String> {
    run("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .map(str::to_owned)
        .collect()
}

/// `pdfinfo -meta`: the document information and its XMP metadata.
pub fn pdf_info(pdf: &Path) -> String {
    run("pdfinfo", &[], pdf) + &run("pdfinfo", &["-meta"], pdf)
}

/// The text of the pages without their running header (the given lines, at the top of each page)
/// and footer ("Pagina X van Y", at the bottom), so that text running over a page break reads on.
pub fn without_running_lines(text: &str, header: &[&str]) -> String {
    text.split('\u{c}')
        .map(|page| {
            let mut lines: Vec<&str> = page.lines().collect();
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            if lines.last().is_some_and(|l| l.starts_with("Pagina ")) {
                lines.pop();
            }
            let skip = lines
                .iter()
                .take_while(|l| header.contains(&l.trim()))
                .count();
            lines[skip..].join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text with the letter's line breaking undone, for comparing with its source: every whitespace
/// and every hyphen is dropped, since hyphenation adds hyphens where lines break.
pub fn letters_only(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !['-', '\u{00AD}', '‐', '\u{200B}'].contains(c))
        .collect()
}
