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

/// Writes `bytes` as `name` in `dir` (made if needed), durably, replacing an older file of
/// that name only once the new one is complete. Returns the path.
pub fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let name = safe_name(name).ok_or_else(|| {
        Error::validation(
            "name",
            "Deze bestandsnaam kan niet; gebruik letters en cijfers.",
        )
    })?;
    std::fs::create_dir_all(dir)?;
    let path = dir.join(&name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
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
