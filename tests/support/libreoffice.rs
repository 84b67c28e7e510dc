//! Reading an exported .docx back with a real word processor: LibreOffice converts it to plain
//! text, headless, with a profile of its own.

use std::path::Path;

/// The text LibreOffice reads from `docx`. Fails the test when LibreOffice refuses the file.
pub fn libreoffice_text(docx: &Path) -> String {
    let out = docx.parent().unwrap().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&out)
        .arg(docx)
        // Its own profile, so that a running LibreOffice or an old profile cannot interfere.
        .env("HOME", &out)
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/install-deps");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let txt = out.join(docx.with_extension("txt").file_name().unwrap());
    std::fs::read_to_string(&txt).unwrap_or_else(|e| {
        panic!(
            "LibreOffice wrote no text ({e}): {}",
            String::from_utf8_lossy(&status.stdout)
        )
    })
}
