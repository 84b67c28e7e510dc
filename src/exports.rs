//! Where exported files go (the calendar file, timeline images, later the letters): the
//! user's Documents folder under `Advieswerk`, or `ADVIESWERK_EXPORT_DIR`. The webview cannot
//! write files; it hands the content to the core, which writes it here and says where.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};

pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ADVIESWERK_EXPORT_DIR") {
        return PathBuf::from(d);
    }
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("Advieswerk")))
        .unwrap_or_else(|| std::env::temp_dir().join("advieswerk-export"))
}

/// Only letters, digits, dashes and one extension: the name comes from the UI.
fn safe_name(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    (ok(stem) && ok(ext) && stem.len() <= 100).then(|| format!("{stem}.{ext}"))
}

/// Writes `bytes` as `name` in `dir` (made if needed). Returns the path.
pub fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let name = safe_name(name).ok_or_else(|| {
        Error::validation(
            "name",
            "Deze bestandsnaam kan niet; gebruik letters en cijfers.",
        )
    })?;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(&name);
    write_path(&path, bytes)?;
    Ok(path)
}

/// Writes a file durably through a temporary file beside it, so that an existing file is
/// either fully replaced or left untouched.
pub fn write_path(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::validation("out", "Geef een bestandsnaam op."))?;
    let tmp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_paths_or_odd_characters_are_refused() {
        for bad in [
            "../x.svg",
            "a/b.svg",
            "geen-extensie",
            ".svg",
            "a.s v g",
            "x.svg/..",
        ] {
            assert!(safe_name(bad).is_none(), "{bad}");
        }
        assert_eq!(
            safe_name("tijdlijn-2026-11-23.svg").as_deref(),
            Some("tijdlijn-2026-11-23.svg")
        );
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "planning.ics", b"BEGIN").unwrap();
        assert_eq!(std::fs::read(p).unwrap(), b"BEGIN");
    }
}
