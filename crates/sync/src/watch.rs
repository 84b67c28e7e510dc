//! Watching the shared folder: a flag raised when anything under it changes, so the app reads
//! the folder as soon as another member's file lands instead of at its next poll. Network
//! shares and some sync clients' folders send no events; the app keeps polling for those.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use notify::{RecursiveMode, Watcher};

/// A running watch on one folder; dropping it stops the watch.
pub struct FolderWatch {
    dir: PathBuf,
    changed: Arc<AtomicBool>,
    _watcher: notify::RecommendedWatcher,
}

impl FolderWatch {
    /// Watches `dir` and everything under it (device folders made later included). `None`
    /// when the platform or the file system cannot watch it: polling alone then.
    pub fn start(dir: &Path) -> Option<FolderWatch> {
        let changed = Arc::new(AtomicBool::new(false));
        let flag = changed.clone();
        let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            // Access events (a file read, our own included) change nothing to take in.
            if e.is_ok_and(|e| !e.kind.is_access()) {
                flag.store(true, Ordering::Release);
            }
        })
        .ok()?;
        watcher.watch(dir, RecursiveMode::Recursive).ok()?;
        Some(FolderWatch {
            dir: dir.to_path_buf(),
            changed,
            _watcher: watcher,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether anything changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::AcqRel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn seen_within(w: &FolderWatch, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if w.take_changed() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn a_file_landing_in_a_device_folder_made_after_the_watch_started_raises_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        let w = FolderWatch::start(dir.path()).expect("inotify works on a local folder");
        assert!(!w.take_changed(), "nothing happened yet");
        let device = dir.path().join("advieswerk").join("0123abcd");
        std::fs::create_dir_all(&device).unwrap();
        assert!(seen_within(&w, Duration::from_secs(5)));
        // Let the watch pick up the new folder, then a file lands in it.
        std::thread::sleep(Duration::from_millis(200));
        while w.take_changed() {}
        std::fs::write(device.join("0000000001.upd"), b"x").unwrap();
        assert!(seen_within(&w, Duration::from_secs(5)));
        assert!(!w.take_changed(), "the flag is taken once");
    }
}
