//! Where a database may live. SQLite's locking and durability rely on a local file system: on a
//! network share two computers can corrupt the file, and a cloud-synced folder (OneDrive,
//! Dropbox…) uploads half-written files and restores "conflicted copies" over it. Such places
//! are refused with an explanation, as far as the platform lets us see them.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Folder names that sync clients create; compared without regard to case. OneDrive for
/// business names its folder "OneDrive - <organisation>".
const SYNCED_FOLDERS: &[&str] = &[
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "mijn drive",
    "icloud drive",
    "icloud~com~apple~clouddocs",
    "mobile documents",
    "cloudstorage",
    "nextcloud",
    "owncloud",
    "pcloud drive",
    "box sync",
    "box drive",
    "synologydrive",
];

/// File-system types (as Linux names them in /proc/self/mountinfo) that live on another computer.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "ceph",
    "glusterfs",
    "lustre",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.davfs2",
    "fuse.glusterfs",
    "fuse.gvfsd-fuse",
    "fuse.onedriver",
];

/// The name of the sync service whose folder holds `path`, if any.
pub fn synced_folder(path: &Path) -> Option<String> {
    path.components().find_map(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            let lower = name.to_lowercase();
            let hit = SYNCED_FOLDERS.iter().any(|f| {
                lower == *f
                    || (*f == "onedrive" && lower.starts_with("onedrive - "))
                    || (*f == "dropbox" && lower.starts_with("dropbox ("))
            });
            hit.then(|| name.into_owned())
        }
        _ => None,
    })
}

/// A Windows network path (`\\server\share\…`), whatever platform reads it.
fn is_unc(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.starts_with(r"\\") || s.starts_with("//")
}

/// The file-system type of the mount that holds `path`, from a mountinfo text: the mount point
/// that is the longest prefix of the path wins. Mount points escape spaces as `\040`.
pub fn fs_type_in(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(dash) = fields.iter().position(|f| *f == "-") else {
            continue;
        };
        let (Some(mount), Some(fstype)) = (fields.get(4), fields.get(dash + 1)) else {
            continue;
        };
        let mount = PathBuf::from(
            mount
                .replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\134", "\\"),
        );
        if path.starts_with(&mount) {
            let depth = mount.components().count();
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, (*fstype).to_owned()));
            }
        }
    }
    best.map(|(_, t)| t)
}

/// The nearest folder of `path` that exists, resolved (links followed), so the mount lookup
/// sees where the data really goes.
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find_map(|a| a.canonicalize().ok())
}

/// Refuses a database in a synced folder or on a network file system.
pub fn check(db: &Path) -> Result<()> {
    let real = existing_ancestor(db).unwrap_or_else(|| db.to_path_buf());
    for p in [db, real.as_path()] {
        if let Some(service) = synced_folder(p) {
            return Err(Error::UnsafeLocation(format!(
                "De database staat in een map die met internet wordt gesynchroniseerd \
                ({service}). Zo'n programma kan een half opgeslagen bestand kopiëren of een \
                oudere versie terugzetten, en dan raakt u gegevens kwijt. Kies een map op deze \
                computer zelf, buiten {service}; reservekopieën kunt u wel daarheen kopiëren."
            )));
        }
        if is_unc(p) {
            return Err(network_share());
        }
    }
    if cfg!(target_os = "linux")
        && let Ok(mountinfo) = std::fs::read_to_string("/proc/self/mountinfo")
        && let Some(fstype) = fs_type_in(&mountinfo, &real)
        && NETWORK_FS.contains(&fstype.as_str())
    {
        return Err(network_share());
    }
    Ok(())
}

fn network_share() -> Error {
    Error::UnsafeLocation(
        "De database staat op een netwerkschijf. Daar kan SQLite het bestand niet veilig \
        vergrendelen: twee computers tegelijk kunnen het beschadigen. Kies een map op deze \
        computer zelf."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
30 22 0:40 / /home/anna/Gedeelde\\040map rw,relatime shared:2 - cifs //nas/raad rw
31 22 0:41 / /mnt/nfs rw,relatime shared:3 - nfs4 nas:/export rw
32 22 0:42 / /tmp rw,relatime shared:4 - tmpfs tmpfs rw
";

    #[test]
    fn the_deepest_mount_that_holds_the_path_gives_its_type() {
        let t = |p: &str| fs_type_in(MOUNTINFO, Path::new(p));
        assert_eq!(
            t("/home/anna/Gedeelde map/raad.sqlite3").as_deref(),
            Some("cifs")
        );
        assert_eq!(t("/home/anna/Gedeelde mappen/x").as_deref(), Some("ext4"));
        assert_eq!(t("/mnt/nfs/a/b.sqlite3").as_deref(), Some("nfs4"));
        assert_eq!(t("/tmp/x.sqlite3").as_deref(), Some("tmpfs"));
        assert_eq!(t("/var/lib/x").as_deref(), Some("ext4"));
    }

    #[test]
    fn folders_of_sync_services_are_recognised_and_look_alikes_are_not() {
        let s = |p: &str| synced_folder(Path::new(p));
        assert_eq!(
            s("/home/a/OneDrive/raad.sqlite3").as_deref(),
            Some("OneDrive")
        );
        assert_eq!(
            s("/Users/a/OneDrive - Gemeente Delft/raad.sqlite3").as_deref(),
            Some("OneDrive - Gemeente Delft")
        );
        assert_eq!(
            s("/home/a/Dropbox (Raad)/x").as_deref(),
            Some("Dropbox (Raad)")
        );
        assert_eq!(
            s("/Users/a/Library/CloudStorage/GoogleDrive-a@b.nl/x").as_deref(),
            Some("CloudStorage")
        );
        assert_eq!(s("/home/a/Documenten/Dropboxen/x"), None);
        assert_eq!(
            s("/home/a/.local/share/advieswerk/advieswerk.sqlite3"),
            None
        );
    }

    #[test]
    fn a_database_in_a_synced_folder_is_refused_with_a_dutch_reason() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("Dropbox").join("advieswerk.sqlite3");
        let Error::UnsafeLocation(why) = check(&db).unwrap_err() else {
            panic!("refused for another reason");
        };
        assert!(why.contains("gesynchroniseerd"), "{why}");
        assert!(why.contains("Dropbox"), "{why}");
        assert!(check(&dir.path().join("advieswerk.sqlite3")).is_ok());
    }

    #[test]
    fn a_windows_network_path_is_refused() {
        assert!(check(Path::new(r"\\nas\raad\advieswerk.sqlite3")).is_err());
    }
}
