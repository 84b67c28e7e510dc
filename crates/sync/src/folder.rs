//! The shared folder: its header (`advieswerk-gedeeld.json`: salt, Argon2 cost and a check
//! value, nothing else readable), and the files the devices write into it.
//!
//! Each device writes only under `advieswerk/<device>/`, one file per round, named by a
//! sequence number (`0000000042.upd`, or `.snap` for a compacting snapshot); written under a
//! hidden temporary name, flushed, then renamed, so a sync client never sees a half-written
//! file of ours nor two writers on one file. Everything else in the folder (sync clients'
//! conflict copies, placeholders, temporary files, foreign files, links) does not match the
//! names and is ignored. A file is sealed with the space's key and its own place, so a renamed,
//! copied, truncated or tampered file is refused, never applied.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

use crate::error::{Error, Result};
use crate::key::{self, Cost, Key};

pub const HEADER: &str = "advieswerk-gedeeld.json";
const FORMAT: &str = "advieswerk-gedeeld/1";
const FILES: &str = "advieswerk";
const CHECK: &[u8] = b"advieswerk: sleutel klopt";
/// Larger files are refused unread: a council's day of changes is kilobytes, a snapshot of a
/// large council a few megabytes. Keeps memory bounded whatever lands in the folder.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
const PAYLOAD_MAGIC: &[u8; 4] = b"AWP1";

#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    salt: String,
    cost: Cost,
    check: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// Changes since the device's previous file.
    Update,
    /// Everything the device knew when writing it: lets a new member skip the files before it.
    Snapshot,
}

impl FileKind {
    fn ext(self) -> &'static str {
        match self {
            FileKind::Update => "upd",
            FileKind::Snapshot => "snap",
        }
    }
}

/// One file of one device, found by `scan`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileRef {
    pub device: String,
    pub seq: u64,
    pub kind: FileKind,
    pub len: u64,
}

/// What one file carries: who wrote it (for "gewijzigd door") and Loro bytes per document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Payload {
    pub member: String,
    pub docs: Vec<(String, Vec<u8>)>,
}

/// A file that was not applied, and why, in the words the sync status shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub device: String,
    pub file: String,
    pub reason: String,
}

/// What `scan` found: our files in order, and how many names it passed over.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<FileRef>,
    pub ignored: Vec<String>,
}

/// A shared space in a folder, opened with its key.
#[derive(Debug, Clone)]
pub struct Space {
    root: PathBuf,
    key: Key,
}

pub fn is_device_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new random device id: 32 lower-case hex digits.
pub fn new_device_id() -> Result<String> {
    let mut b = [0u8; 16];
    key::random(&mut b)?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

impl Space {
    /// Makes a new space in `root` (which may hold other things, but no space yet).
    pub fn create(root: &Path, passphrase: &str, cost: Cost) -> Result<Space> {
        let meta = fs::metadata(root).map_err(Error::Unreachable)?;
        if !meta.is_dir() {
            return Err(Error::Unreachable(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "geen map",
            )));
        }
        if root.join(HEADER).exists() {
            return Err(Error::SpaceExists);
        }
        let mut salt = [0u8; 16];
        key::random(&mut salt)?;
        let key = Key::derive(passphrase, &salt, cost)?;
        let header = Header {
            format: FORMAT.into(),
            salt: B64.encode(salt),
            cost,
            check: B64.encode(key.seal(CHECK, FORMAT.as_bytes())?),
        };
        let json = serde_json::to_vec_pretty(&header).map_err(|e| Error::Header(e.to_string()))?;
        write_atomically(&root.join(HEADER), &json).map_err(Error::Unreachable)?;
        fs::create_dir_all(root.join(FILES)).map_err(Error::Unreachable)?;
        Ok(Space {
            root: root.to_path_buf(),
            key,
        })
    }

    /// Opens the space in `root` with a passphrase, which the header's check value confirms.
    pub fn open(root: &Path, passphrase: &str) -> Result<Space> {
        let bytes = match fs::read(root.join(HEADER)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(if root.is_dir() {
                    Error::NoSpace
                } else {
                    Error::Unreachable(e)
                });
            }
            Err(e) => return Err(Error::Unreachable(e)),
        };
        let header: Header =
            serde_json::from_slice(&bytes).map_err(|e| Error::Header(e.to_string()))?;
        if header.format != FORMAT {
            return Err(Error::Header(format!(
                "onbekende vorm ‘{}’ (een nieuwere versie van Advieswerk?)",
                header.format
            )));
        }
        let salt = B64
            .decode(&header.salt)
            .map_err(|e| Error::Header(e.to_string()))?;
        let check = B64
            .decode(&header.check)
            .map_err(|e| Error::Header(e.to_string()))?;
        let key = Key::derive(passphrase, &salt, header.cost)?;
        if key.open(&check, FORMAT.as_bytes()).as_deref() != Some(CHECK) {
            return Err(Error::WrongPassphrase);
        }
        Ok(Space {
            root: root.to_path_buf(),
            key,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether the folder is there now (a network share may be unmounted, a laptop offline).
    pub fn reachable(&self) -> bool {
        self.root.join(HEADER).is_file()
    }

    fn file_name(seq: u64, kind: FileKind) -> String {
        format!("{seq:010}.{}", kind.ext())
    }

    fn context(device: &str, seq: u64, kind: FileKind) -> Vec<u8> {
        format!("{FORMAT}/{device}/{}", Space::file_name(seq, kind)).into_bytes()
    }

    /// Writes this device's file `seq`. Never overwrites: a file already there keeps its bytes.
    pub fn write(&self, device: &str, seq: u64, kind: FileKind, payload: &Payload) -> Result<()> {
        let dir = self.root.join(FILES).join(device);
        fs::create_dir_all(&dir).map_err(Error::Unreachable)?;
        let path = dir.join(Space::file_name(seq, kind));
        if path.exists() {
            return Err(Error::Unreachable(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} bestaat al", path.display()),
            )));
        }
        let sealed = self
            .key
            .seal(&encode(payload), &Space::context(device, seq, kind))?;
        write_atomically(&path, &sealed).map_err(Error::Unreachable)
    }

    /// Every file of every device, in (device, sequence) order, and the names passed over.
    pub fn scan(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        let files = self.root.join(FILES);
        let devices = match fs::read_dir(&files) {
            Ok(d) => d,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && self.reachable() => {
                return Ok(listing);
            }
            Err(e) => return Err(Error::Unreachable(e)),
        };
        for entry in devices {
            let entry = entry.map_err(Error::Unreachable)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir || !is_device_id(&name) {
                listing.ignored.push(name);
                continue;
            }
            let Ok(inner) = fs::read_dir(entry.path()) else {
                listing.ignored.push(name);
                continue;
            };
            for file in inner.flatten() {
                let fname = file.file_name().to_string_lossy().into_owned();
                let regular = file.file_type().is_ok_and(|t| t.is_file());
                match parse_name(&fname) {
                    Some((seq, kind)) if regular => listing.files.push(FileRef {
                        device: name.clone(),
                        seq,
                        kind,
                        len: file.metadata().map(|m| m.len()).unwrap_or(0),
                    }),
                    _ => listing.ignored.push(format!("{name}/{fname}")),
                }
            }
        }
        listing.files.sort();
        Ok(listing)
    }

    /// Reads, authenticates and decodes one file; any flaw is a `Refusal`, never a panic.
    pub fn read(&self, f: &FileRef) -> std::result::Result<Payload, Refusal> {
        let name = Space::file_name(f.seq, f.kind);
        let refuse = |reason: String| Refusal {
            device: f.device.clone(),
            file: name.clone(),
            reason,
        };
        let path = self.root.join(FILES).join(&f.device).join(&name);
        let file = fs::File::open(&path).map_err(|e| refuse(format!("niet te openen: {e}")))?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len > MAX_FILE_BYTES {
            return Err(refuse(format!(
                "te groot ({} MB; meer dan {} MB wordt niet gelezen)",
                len / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        if len == 0 {
            return Err(refuse(
                "leeg (misschien nog niet helemaal gesynchroniseerd)".into(),
            ));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| refuse(format!("niet te lezen: {e}")))?;
        let plain = self
            .key
            .open(&bytes, &Space::context(&f.device, f.seq, f.kind))
            .ok_or_else(|| {
                refuse(
                    "kon niet worden ontsleuteld: onvolledig, gewijzigd of met een andere sleutel gemaakt"
                        .into(),
                )
            })?;
        decode(&plain).ok_or_else(|| refuse("heeft een onbekende vorm".into()))
    }
}

fn parse_name(name: &str) -> Option<(u64, FileKind)> {
    let (stem, ext) = name.split_once('.')?;
    let kind = match ext {
        "upd" => FileKind::Update,
        "snap" => FileKind::Snapshot,
        _ => return None,
    };
    if stem.len() != 10 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem.parse().ok()?, kind))
}

/// Writes `bytes` under a hidden temporary name beside `path`, flushes it to disk, then renames
/// it into place and flushes the folder, so `path` is either absent or complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tag = [0u8; 6];
    key::random(&mut tag).map_err(std::io::Error::other)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        tag.iter().map(|x| format!("{x:02x}")).collect::<String>()
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn encode(p: &Payload) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(PAYLOAD_MAGIC);
    put(&mut out, p.member.as_bytes());
    out.extend_from_slice(&(p.docs.len() as u32).to_le_bytes());
    for (name, bytes) in &p.docs {
        put(&mut out, name.as_bytes());
        put(&mut out, bytes);
    }
    out
}

fn put(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

fn decode(b: &[u8]) -> Option<Payload> {
    let mut r = Reader(b);
    if r.take(4)? != PAYLOAD_MAGIC {
        return None;
    }
    let member = String::from_utf8(r.chunk()?.to_vec()).ok()?;
    let count = u32::from_le_bytes(r.take(4)?.try_into().ok()?);
    let mut docs = Vec::new();
    for _ in 0..count {
        let name = String::from_utf8(r.chunk()?.to_vec()).ok()?;
        docs.push((name, r.chunk()?.to_vec()));
    }
    r.0.is_empty().then_some(Payload { member, docs })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }

    fn chunk(&mut self) -> Option<&'a [u8]> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        self.take(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> Payload {
        Payload {
            member: "Anna de Boer".into(),
            docs: vec![("raad".into(), b"het geheime advies".to_vec())],
        }
    }

    fn space(dir: &Path) -> (Space, String) {
        let p = key::new_passphrase().unwrap();
        (Space::create(dir, &p, Cost::TEST).unwrap(), p)
    }

    #[test]
    fn a_written_file_reads_back_and_nothing_in_the_folder_is_readable() {
        let dir = tempfile::tempdir().unwrap();
        let (s, p) = space(dir.path());
        let dev = new_device_id().unwrap();
        s.write(&dev, 1, FileKind::Update, &payload()).unwrap();
        let other = Space::open(dir.path(), &p).unwrap();
        let listing = other.scan().unwrap();
        assert_eq!(listing.files.len(), 1);
        assert_eq!(other.read(&listing.files[0]).unwrap(), payload());
        for entry in walk(dir.path()) {
            let bytes = fs::read(&entry).unwrap();
            for secret in [&b"geheime"[..], b"Anna", b"raad"] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret),
                    "{} holds {:?}",
                    entry.display(),
                    String::from_utf8_lossy(secret)
                );
            }
        }
    }

    #[test]
    fn a_wrong_passphrase_is_told_and_a_second_space_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (_s, _p) = space(dir.path());
        let other = key::new_passphrase().unwrap();
        assert!(matches!(
            Space::open(dir.path(), &other),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            Space::create(dir.path(), &other, Cost::TEST),
            Err(Error::SpaceExists)
        ));
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            Space::open(empty.path(), &other),
            Err(Error::NoSpace)
        ));
        assert!(matches!(
            Space::open(&empty.path().join("weg"), &other),
            Err(Error::Unreachable(_))
        ));
    }

    #[test]
    fn hostile_files_are_refused_or_ignored_and_the_good_ones_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let (s, p) = space(dir.path());
        let dev = new_device_id().unwrap();
        for seq in 1..=5 {
            s.write(&dev, seq, FileKind::Update, &payload()).unwrap();
        }
        let d = dir.path().join(FILES).join(&dev);
        // Tampered, truncated, emptied.
        let mut b = fs::read(d.join("0000000002.upd")).unwrap();
        b[40] ^= 0x55;
        fs::write(d.join("0000000002.upd"), &b).unwrap();
        let b = fs::read(d.join("0000000003.upd")).unwrap();
        fs::write(d.join("0000000003.upd"), &b[..b.len() / 2]).unwrap();
        fs::write(d.join("0000000004.upd"), b"").unwrap();
        // Renamed onto another place: sealed for seq 5, now at 6.
        fs::copy(d.join("0000000005.upd"), d.join("0000000006.upd")).unwrap();
        // Written with another key, in the right place.
        let foreign = Space {
            root: dir.path().to_path_buf(),
            key: Key::derive("anders", b"0123456789abcdef", Cost::TEST).unwrap(),
        };
        foreign
            .write(&dev, 7, FileKind::Update, &payload())
            .unwrap();
        // Conflict copies, temporary files, foreign names, links, a big file.
        fs::copy(d.join("0000000001.upd"), d.join("0000000001 (1).upd")).unwrap();
        fs::copy(
            d.join("0000000001.upd"),
            d.join("0000000001 (conflicted copy 2026-12-02).upd"),
        )
        .unwrap();
        fs::copy(
            d.join("0000000001.upd"),
            d.join("0000000001-DESKTOP-AB12.upd"),
        )
        .unwrap();
        fs::write(d.join(".0000000008.upd.abc.tmp"), b"half").unwrap();
        fs::write(dir.path().join(FILES).join("notes.txt"), b"x").unwrap();
        fs::create_dir(dir.path().join(FILES).join("..hidden")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", d.join("0000000009.upd")).unwrap();
        let big = fs::File::create(d.join("0000000010.upd")).unwrap();
        big.set_len(100 * 1024 * 1024).unwrap();

        let reader = Space::open(dir.path(), &p).unwrap();
        let listing = reader.scan().unwrap();
        let seqs: Vec<u64> = listing.files.iter().map(|f| f.seq).collect();
        assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6, 7, 10]);
        assert_eq!(listing.ignored.len(), 7, "{:?}", listing.ignored);
        let mut good = vec![];
        let mut refused = vec![];
        for f in &listing.files {
            match reader.read(f) {
                Ok(p) => good.push((f.seq, p)),
                Err(r) => refused.push((f.seq, r.reason)),
            }
        }
        assert_eq!(
            good.iter().map(|g| g.0).collect::<Vec<_>>(),
            vec![1, 5],
            "{refused:?}"
        );
        let reasons: Vec<&str> = refused.iter().map(|r| r.1.as_str()).collect();
        assert!(reasons[0].contains("ontsleuteld"), "{reasons:?}");
        assert!(reasons[2].starts_with("leeg"), "{reasons:?}");
        assert!(
            reasons.last().unwrap().starts_with("te groot"),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_file_is_never_overwritten_and_no_temporary_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (s, _) = space(dir.path());
        let dev = new_device_id().unwrap();
        s.write(&dev, 1, FileKind::Snapshot, &payload()).unwrap();
        assert!(
            s.write(&dev, 1, FileKind::Snapshot, &Payload::default())
                .is_err()
        );
        let names: Vec<_> = fs::read_dir(dir.path().join(FILES).join(&dev))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["0000000001.snap"]);
    }

    #[test]
    fn names_are_ours_only_when_exact() {
        assert_eq!(parse_name("0000000042.upd"), Some((42, FileKind::Update)));
        for bad in [
            "42.upd",
            "0000000042.upd.tmp",
            "0000000042 (1).upd",
            "../0000000042.upd",
            "/0000000042.upd",
            "00000000-2.upd",
        ] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
        assert!(is_device_id(&new_device_id().unwrap()));
        assert!(!is_device_id(".."));
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = vec![];
        for e in fs::read_dir(dir).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
        out
    }
}
