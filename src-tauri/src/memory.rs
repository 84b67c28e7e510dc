//! What the app does to keep its memory down: memory the window process freed and the
//! database's page cache, given back to the system once work pauses, and the webview's
//! JavaScript run in the interpreter, without its compilers.
//!
//! glibc keeps what a thread freed in that thread's arena (one per thread that allocates, up to
//! eight per core) and gives back only the free space at the top of each. Commands run on
//! Tokio's blocking threads, the search index's writer on threads of its own: after the first
//! minutes of use (letters, searches, typing that the index takes in) the window process held
//! about 55 MB that nothing used any more, and kept it for as long as the window was open
//! (measured with `cargo bench --bench soak`; README, "Over a long session"). `malloc_trim`
//! hands every arena's free pages back. It walks all arenas under their locks, so it runs once
//! work has paused, not after every command.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Counts work done (commands asked for, upkeep finished); the trimmer compares it between
/// looks to see whether work has paused.
static WORK: AtomicU64 = AtomicU64::new(0);
/// How often memory was given back, for the tests.
static TRIMS: AtomicU64 = AtomicU64::new(0);

/// How long work must pause before its freed memory is given back: longer than the gap between
/// the commands of one screen, short enough that the memory is back before the user's next step.
pub const QUIET: Duration = Duration::from_secs(2);

/// Notes that work was done: what it freed is given back once work pauses.
pub fn worked() {
    WORK.fetch_add(1, Ordering::Relaxed);
}

/// Starts the thread that gives freed memory back each time work has paused for `quiet`:
/// first what `caches` lets go of (the database's page cache), then the allocator's free pages.
pub fn give_back_when_idle(quiet: Duration, caches: impl Fn() + Send + 'static) {
    let started = std::thread::Builder::new()
        .name("memory-trim".into())
        .spawn(move || {
            let (mut seen, mut trimmed) = (WORK.load(Ordering::Relaxed), 0);
            loop {
                std::thread::sleep(quiet);
                let now = WORK.load(Ordering::Relaxed);
                if now == seen && now != trimmed {
                    caches();
                    release();
                    TRIMS.fetch_add(1, Ordering::Relaxed);
                    trimmed = now;
                }
                seen = now;
            }
        });
    if let Err(e) = started {
        eprintln!("advieswerk: memory-trim thread not started: {e}");
    }
}

/// Hands the free pages of every allocator arena back to the system; whether any were.
pub fn release() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim only takes glibc's own arena locks; it frees nothing in use.
        unsafe { libc::malloc_trim(0) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// The JavaScriptCore option the webview's processes read from their environment at start.
pub const JIT: &str = "JSC_useJIT";

/// Runs the page's JavaScript in JavaScriptCore's interpreter, without its compilers (baseline,
/// and the optimising DFG and FTL above it), unless the environment already says otherwise. The
/// compilers turn the code a page runs most into machine code and keep it: an advice screen
/// opened 100 times left the web process at ~150 MB after a collection with all of them, ~127 MB
/// with the baseline compiler only and ~108 MB with none; in the soak bench's member's round the
/// web process stays ~20 MB lower without them, and it starts ~5 MB smaller. This app's scripts
/// react to a click or a key and hand the heavy work (Markdown, letters, search) to the core: a
/// typed character costs the editor ~2.2 ms instead of ~1.5 and drawing the planning's 2,000
/// items ~60 ms instead of ~45 (README, "Over a long session"). The web process inherits the
/// variable.
///
/// # Safety
/// Must run before any other thread exists (the environment is process-wide and not locked).
pub unsafe fn lighter_javascript() {
    if std::env::var_os(JIT).is_none() {
        // SAFETY: the caller guarantees no other thread reads or writes the environment.
        unsafe { std::env::set_var(JIT, "0") };
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// The process's resident memory in MB, from the kernel.
    fn resident_mb() -> f64 {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: f64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        // SAFETY: sysconf only reads a system constant.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as f64;
        pages * page / 1e6
    }

    #[test]
    fn memory_a_thread_freed_stays_with_the_process_until_it_is_released() {
        std::thread::spawn(|| {
            // 48 MB in blocks below glibc's mmap threshold, so they come from the thread's
            // arena; one block made after them keeps the arena's top in use, as a long-lived
            // allocation does in the app, so free() alone cannot shrink it.
            let blocks: Vec<Vec<u8>> = (0..768).map(|i| vec![i as u8; 64 * 1024]).collect();
            let pin = vec![1u8; 64 * 1024];
            let full = resident_mb();
            drop(blocks);
            let freed = resident_mb();
            assert!(
                full - freed < 16.0,
                "free() gave back {:.1} MB by itself: nothing is left for release()",
                full - freed
            );
            assert!(release(), "malloc_trim found nothing to give back");
            let released = resident_mb();
            assert!(
                freed - released > 32.0,
                "release() gave back {:.1} MB of the 48 MB freed",
                freed - released
            );
            drop(pin);
        })
        .join()
        .unwrap();
    }

    #[test]
    fn memory_is_given_back_once_after_work_pauses_and_not_while_nothing_happens() {
        static CACHES: AtomicU64 = AtomicU64::new(0);
        let quiet = Duration::from_millis(50);
        give_back_when_idle(quiet, || {
            CACHES.fetch_add(1, Ordering::Relaxed);
        });
        std::thread::sleep(quiet * 3);
        let before = (
            TRIMS.load(Ordering::Relaxed),
            CACHES.load(Ordering::Relaxed),
        );
        worked();
        // Given back between one and two pauses after the work; a loaded machine gets slack.
        std::thread::sleep(quiet * 15);
        let after_work = (
            TRIMS.load(Ordering::Relaxed),
            CACHES.load(Ordering::Relaxed),
        );
        assert_eq!(
            after_work,
            (before.0 + 1, before.1 + 1),
            "one release, with the caches, after the work paused"
        );
        std::thread::sleep(quiet * 15);
        assert_eq!(
            (
                TRIMS.load(Ordering::Relaxed),
                CACHES.load(Ordering::Relaxed)
            ),
            after_work,
            "no release while nothing was done"
        );
    }
}
