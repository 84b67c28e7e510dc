//! Copying the write-ahead log back into the database file (a checkpoint) on a connection and a
//! thread of its own, once writing pauses, so no commit waits for it.
//!
//! SQLite's default runs the checkpoint inside the commit that takes the log past 1,000 pages:
//! that commit also writes every logged page into the file and syncs it. A sharing round that
//! takes in a day of a council's changes logs ~3,400 pages and spent ~200 ms of its ~650 ms in
//! that copy (sync bench). Here a commit past 1,000 pages only tells a thread; the thread waits
//! until no commit came for a moment and then checkpoints `PASSIVE` (beside readers and
//! writers, never blocking them). Writes that never pause would leave it no such moment, so past
//! ~40 MB the commit checkpoints itself, as SQLite would. Durability is unchanged: a commit is
//! safe once it is in the synced log (`synchronous = FULL`); the checkpoint only moves it.

use std::ffi::{c_char, c_int, c_void};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, ffi};

/// SQLite's own threshold for its automatic checkpoint, in pages of the log.
const AFTER_PAGES: c_int = 1000;

/// Past this (~40 MB of log) the committing connection checkpoints itself. The log starts over
/// only when a writer begins after a complete checkpoint; writes that never pause (a bulk
/// import) give the thread no such moment, and the log would grow without end (measured: to
/// 4.7 GB within a minute of filling the sync bench's council, before this bound).
const INLINE_AFTER_PAGES: c_int = 10_000;

/// How long no commit must come before the thread checkpoints.
const QUIET: Duration = Duration::from_millis(250);

enum Message {
    Checkpoint,
    Stop,
}

/// What the commit hook shares with the thread.
struct Signal {
    /// Set when a checkpoint is asked for and not begun: one message however many commits.
    asked: Arc<AtomicBool>,
    /// The pages in the log after the latest commit: the thread sees from it whether writing
    /// paused.
    pages: Arc<AtomicI32>,
    to_thread: Sender<Message>,
}

/// The thread and the hook on the store's connection. Ended by `stop`, before that connection
/// closes (the hook points into `signal`).
pub(crate) struct Checkpointer {
    signal: *const Signal,
    thread: Option<JoinHandle<()>>,
}

// The raw pointer is an `Arc<Signal>` handed to SQLite; `Signal` is `Send + Sync`.
unsafe impl Send for Checkpointer {}

impl Checkpointer {
    /// Opens the thread's connection and hooks `conn`'s commits to it. `None` when the
    /// connection cannot be opened (e.g. a read-only file): SQLite's own checkpoint stays.
    pub(crate) fn start(conn: &Connection, path: &Path) -> Option<Checkpointer> {
        Checkpointer::start_gated(conn, path, None)
    }

    /// `start`, with a gate each checkpoint waits at (tests hold the thread with it).
    fn start_gated(
        conn: &Connection,
        path: &Path,
        gate: Option<Receiver<()>>,
    ) -> Option<Checkpointer> {
        let own = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()?;
        let (to_thread, inbox) = channel();
        let asked = Arc::new(AtomicBool::new(false));
        let pages = Arc::new(AtomicI32::new(0));
        let thread = {
            let (asked, pages) = (Arc::clone(&asked), Arc::clone(&pages));
            std::thread::Builder::new()
                .name("sqlite-checkpoint".into())
                .spawn(move || run(own, inbox, asked, pages, gate))
                .ok()?
        };
        let signal = Arc::into_raw(Arc::new(Signal {
            asked,
            pages,
            to_thread,
        }));
        // SAFETY: `signal` stays alive until `stop` unhooks it; the hook only reads it.
        unsafe {
            ffi::sqlite3_wal_hook(conn.handle(), Some(on_commit), signal as *mut c_void);
        }
        Some(Checkpointer {
            signal,
            thread: Some(thread),
        })
    }

    /// Unhooks `conn`, ends the thread (after a checkpoint under way) and frees the signal.
    pub(crate) fn stop(mut self, conn: &Connection) {
        // SAFETY: the same connection `start` hooked; no commit runs while we hold it.
        unsafe {
            ffi::sqlite3_wal_hook(conn.handle(), None, std::ptr::null_mut());
        }
        // SAFETY: the pointer came from `Arc::into_raw` in `start` and SQLite holds it no more.
        let signal = unsafe { Arc::from_raw(self.signal) };
        let _ = signal.to_thread.send(Message::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Called by SQLite after each commit with the pages now in the log.
unsafe extern "C" fn on_commit(
    data: *mut c_void,
    db: *mut ffi::sqlite3,
    name: *const c_char,
    pages: c_int,
) -> c_int {
    if pages >= INLINE_AFTER_PAGES {
        // SAFETY: the connection and schema name SQLite passed in, as its own hook uses them.
        unsafe {
            ffi::sqlite3_wal_checkpoint_v2(
                db,
                name,
                ffi::SQLITE_CHECKPOINT_PASSIVE,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
        }
        return ffi::SQLITE_OK;
    }
    // SAFETY: `data` is the `Signal` registered in `start`, alive while hooked.
    let signal = unsafe { &*(data as *const Signal) };
    signal.pages.store(pages, Ordering::Release);
    if pages >= AFTER_PAGES && !signal.asked.swap(true, Ordering::AcqRel) {
        let _ = signal.to_thread.send(Message::Checkpoint);
    }
    ffi::SQLITE_OK
}

fn run(
    conn: Connection,
    inbox: Receiver<Message>,
    asked: Arc<AtomicBool>,
    pages: Arc<AtomicI32>,
    gate: Option<Receiver<()>>,
) {
    while let Ok(Message::Checkpoint) = inbox.recv() {
        // Wait for a pause in writing: a checkpoint beside a busy writer copies pages that
        // are written again a moment later, and competes with its syncs.
        loop {
            let seen = pages.load(Ordering::Acquire);
            match inbox.recv_timeout(QUIET) {
                Err(RecvTimeoutError::Timeout) if pages.load(Ordering::Acquire) == seen => break,
                Err(RecvTimeoutError::Timeout) | Ok(Message::Checkpoint) => {}
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Some(g) = &gate
            && g.recv().is_err()
        {
            return;
        }
        // Cleared first: a commit during this checkpoint asks for the next one.
        asked.store(false, Ordering::Release);
        // A checkpoint that cannot finish (a reader still needs old pages) is tried again after
        // the next commit; the log meanwhile keeps every commit, as with SQLite's own.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wal_connection(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        let _: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        conn.execute_batch("CREATE TABLE t (b BLOB NOT NULL)")
            .unwrap();
        conn
    }

    /// Writes about 2,000 pages of 4 KiB in one transaction: twice SQLite's threshold.
    fn write_many_pages(conn: &Connection) {
        let tx = conn.unchecked_transaction().unwrap();
        for _ in 0..2000 {
            tx.execute("INSERT INTO t (b) VALUES (randomblob(4000))", [])
                .unwrap();
        }
        tx.commit().unwrap();
    }

    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    /// Whether the database file grows by 4 MB (half of what `write_many_pages` logged) within
    /// 10 s: the pages were copied into it.
    fn grows_by_4_mb(path: &Path, before: u64) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while file_len(path) <= before + 4_000_000 {
            if std::time::Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        true
    }

    #[test]
    fn a_large_commit_leaves_the_copy_into_the_file_to_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let conn = wal_connection(&path);
        let (open_gate, gate) = channel();
        let c = Checkpointer::start_gated(&conn, &path, Some(gate)).expect("started");
        let before = file_len(&path);

        write_many_pages(&conn);
        // The thread is held: had the commit checkpointed itself, the file would have grown.
        assert_eq!(
            file_len(&path),
            before,
            "the commit copied the log into the file"
        );

        open_gate.send(()).unwrap();
        assert!(
            grows_by_4_mb(&path, before),
            "the thread did not checkpoint"
        );

        // Stopped, the thread's connection is closed: closing the last one removes the log.
        c.stop(&conn);
        drop(conn);
        assert!(!dir.path().join("db.sqlite3-wal").exists());
    }

    #[test]
    fn writes_that_never_pause_still_keep_the_log_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let conn = wal_connection(&path);
        // The thread never gets to checkpoint: only the commits themselves can.
        let (_held, gate) = channel();
        let c = Checkpointer::start_gated(&conn, &path, Some(gate)).expect("started");
        for _ in 0..15 {
            write_many_pages(&conn);
        }
        // 15 × ~8 MB were written; the log stays near its 40 MB bound.
        let wal = file_len(&dir.path().join("db.sqlite3-wal"));
        assert!(wal < 60_000_000, "the log grew to {wal} bytes");
        drop(_held);
        c.stop(&conn);
    }

    #[test]
    fn a_store_checkpoints_in_the_background_and_leaves_no_log_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let store = crate::Store::open(&path).unwrap();
        store
            .conn()
            .execute_batch("CREATE TABLE t (b BLOB NOT NULL)")
            .unwrap();
        let before = file_len(&path);
        write_many_pages(store.conn());
        assert!(grows_by_4_mb(&path, before), "nothing was checkpointed");
        drop(store);
        assert!(!dir.path().join("db.sqlite3-wal").exists());
    }
}
