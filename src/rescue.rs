//! The emergency copy of text that could not be saved: when the database refuses a save (disk
//! full, read-only file, a conflict), the text is written to a plain file somewhere else, so
//! that a closed window or a crash after the message still loses nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where emergency copies go, best first: `ADVIESWERK_RESCUE_DIR`, the user's documents folder,
/// the per-session runtime folder (usually in memory, so it works when the disk is full) and
/// the temporary folder. The first that takes the file wins.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("ADVIESWERK_RESCUE_DIR") {
        dirs.push(PathBuf::from(d));
    }
    if let Some(u) = directories::UserDirs::new()
        && let Some(docs) = u.document_dir()
    {
        dirs.push(docs.join("Advieswerk-noodkopieën"));
    }
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR") {
        dirs.push(PathBuf::from(d).join("advieswerk-noodkopieen"));
    }
    dirs.push(std::env::temp_dir().join("advieswerk-noodkopieen"));
    dirs
}

/// File names keep letters, digits and dashes only: titles are user text.
fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    s.chars().take(60).collect()
}

fn write_in(dir: &Path, name: &str, content: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    let written = f.write_all(content.as_bytes()).and_then(|_| f.sync_all());
    if let Err(e) = written {
        // A half-written copy would look like the whole text; better none at all.
        drop(f);
        let _ = std::fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

/// Writes `title` and `body` as a Markdown file in the first directory that takes it, named
/// by the time `at` (shown in the computer's time zone) and the title.
pub fn write(
    dirs: &[PathBuf],
    title: &str,
    body: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Option<PathBuf> {
    let name = format!(
        "{}-{}-{}.md",
        at.with_timezone(&chrono::Local).format("%Y%m%d-%H%M%S"),
        slug(title),
        &crate::ids::new_id()[24..]
    );
    let content = format!("# {title}\n\n{body}");
    dirs.iter().find_map(|d| write_in(d, &name, &content).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_goes_to_the_first_directory_that_takes_it() {
        let tmp = tempfile::tempdir().unwrap();
        // A file where a directory should be: creating the folder fails, the next one is used.
        let blocked = tmp.path().join("bezet");
        std::fs::write(&blocked, "x").unwrap();
        let good = tmp.path().join("goed");
        let at = chrono::DateTime::parse_from_rfc3339("2027-03-10T09:30:00Z")
            .unwrap()
            .to_utc();
        let path = write(
            &[blocked.join("sub"), good.clone()],
            "A. Regionaal / H9",
            "Tekst",
            at,
        )
        .unwrap();
        assert!(path.starts_with(&good));
        // Named by the time given, not the day the test runs.
        let local = at
            .with_timezone(&chrono::Local)
            .format("%Y%m%d-%H%M%S")
            .to_string();
        assert!(
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(&local),
            "{path:?}"
        );
        assert!(
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .contains("A-Regionaal-H9")
        );
        assert_eq!(
            std::fs::read_to_string(path).unwrap(),
            "# A. Regionaal / H9\n\nTekst"
        );
    }

    #[test]
    fn no_writable_directory_gives_none() {
        let tmp = tempfile::tempdir().unwrap();
        let blocked = tmp.path().join("bezet");
        std::fs::write(&blocked, "x").unwrap();
        assert!(write(&[blocked.join("sub")], "t", "b", chrono::Utc::now()).is_none());
    }
}
