//! A tiny tmpfs for tests of a full disk and a read-only file system. Mounting needs root (CI
//! runs as root); elsewhere `ADVIESWERK_SKIP_MOUNT_TESTS=1` skips these tests with a notice.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a fresh directory, unmounted on drop.
pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    pub fn mount(size: &str) -> Option<Tmpfs> {
        if std::env::var_os("ADVIESWERK_SKIP_MOUNT_TESTS").is_some() {
            println!("SKIPPED: ADVIESWERK_SKIP_MOUNT_TESTS is set");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "mounting a tmpfs failed; run as root or set ADVIESWERK_SKIP_MOUNT_TESTS=1"
        );
        Some(Tmpfs { dir })
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(self.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount read-only failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Writes until the file system says it is full.
pub fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("vulling");
    let mut f = std::fs::File::create(&path).unwrap();
    // Big blocks first, then ever smaller ones, so that not even one page is left.
    for size in [64 * 1024, 4096, 512, 1] {
        let block = vec![7u8; size];
        while f.write_all(&block).and_then(|_| f.sync_all()).is_ok() {}
    }
    path
}
