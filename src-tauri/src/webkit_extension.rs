//! The WebKitGTK web-process extension the window loads (Linux only): its bytes, built from
//! `webkit/extension.c` by the build script, and the one folder WebKit is told to load it from.
//! The C file says why it exists: without it every form control a screen drew stayed in the web
//! process's memory for as long as the window was open, and so did what WebKit keeps of every
//! screen until memory runs short.

use std::io::Write;
use std::path::{Path, PathBuf};

const EXTENSION: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/advieswerk-webkit-extension.so"));
const FILE: &str = "advieswerk-webkit-extension.so";

/// The folder holding the extension under `cache` (the app's cache folder), written when it is
/// missing or differs from the one this binary carries, so a file changed by anything else is
/// replaced before WebKit loads it. WebKit loads every `.so` in the folder, so it holds nothing
/// else; `None` when it cannot be written, and the window then opens without the extension.
pub fn folder(cache: &Path) -> Option<PathBuf> {
    let dir = cache.join("webkit-extension");
    match write(&dir) {
        Ok(()) => Some(dir),
        Err(e) => {
            eprintln!(
                "advieswerk: WebKit-extensie niet geschreven in {}: {e}",
                dir.display()
            );
            None
        }
    }
}

fn write(dir: &Path) -> std::io::Result<()> {
    let path = dir.join(FILE);
    if std::fs::read(&path).is_ok_and(|bytes| bytes == EXTENSION) {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    // Written beside it and renamed, so WebKit never loads half a file.
    let part = dir.join(format!(".{FILE}.{}", std::process::id()));
    let mut file = std::fs::File::create(&part)?;
    file.write_all(EXTENSION)?;
    file.sync_all()?;
    std::fs::rename(&part, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_written_when_missing_or_changed_and_left_as_it_is_otherwise() {
        use std::os::unix::fs::MetadataExt;
        let cache = tempfile::tempdir().unwrap();
        let dir = folder(cache.path()).expect("written");
        let path = dir.join(FILE);
        assert_eq!(std::fs::read(&path).unwrap(), EXTENSION);
        // The same bytes: not written again (a new file would have a new inode).
        let inode = std::fs::metadata(&path).unwrap().ino();
        folder(cache.path()).expect("still there");
        assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
        std::fs::write(&path, b"not the extension").unwrap();
        folder(cache.path()).expect("written again");
        assert_eq!(std::fs::read(&path).unwrap(), EXTENSION);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from(FILE)],
            "nothing else in the folder"
        );
    }

    /// The names the extension hands to `dlsym`: quoted, or a macro `#define`d to a quoted name.
    fn looked_up_names() -> Vec<String> {
        let source = include_str!("../webkit/extension.c");
        let quoted = |s: &str| s.split('"').nth(1).map(str::to_string);
        source
            .split("dlsym(RTLD_DEFAULT, ")
            .skip(1)
            .map(|rest| {
                let arg = rest.split(')').next().unwrap().trim();
                quoted(arg).unwrap_or_else(|| {
                    // The macro's value may follow on the next line.
                    let define = format!("\n#define {arg} ");
                    let at = source
                        .find(&define)
                        .unwrap_or_else(|| panic!("{arg} is not #defined"));
                    quoted(&source[at..]).unwrap()
                })
            })
            .collect()
    }

    /// The extension looks WebKit's functions up at run time and quietly does without one it does
    /// not find, so a WebKit that renamed one would lose its part without a sign: this fails then.
    #[test]
    fn every_function_the_extension_looks_up_is_in_the_installed_webkit() {
        let names = looked_up_names();
        assert!(
            names.len() >= 5 && names.iter().any(|n| n.contains("MemoryPressureHandler")),
            "the lookups were not read from extension.c: {names:?}"
        );
        // SAFETY: dlopen and dlsym with NUL-terminated names; nothing found is called.
        unsafe {
            let webkit = libc::dlopen(
                c"libwebkit2gtk-4.1.so.0".as_ptr(),
                libc::RTLD_NOW | libc::RTLD_GLOBAL,
            );
            assert!(!webkit.is_null(), "WebKitGTK 4.1 is not installed");
            for name in &names {
                let c = std::ffi::CString::new(name.as_str()).unwrap();
                assert!(
                    !libc::dlsym(libc::RTLD_DEFAULT, c.as_ptr()).is_null(),
                    "the installed WebKit has no {name}"
                );
            }
        }
    }
}
