//! The writer process of the crash tests: the CLI's `save-loop`, saving one section over and
//! over, announcing each save before it starts and confirming it once committed. Every text it
//! saves carries its run's number, so text left by an earlier run cannot pass for this one's.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;

/// The command line's binary (crate `advieswerk-cli`), built beside this test binary: `cargo test
/// --workspace` builds it before any test runs.
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/<test> → target/<profile>/advieswerk
    let path = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join(format!("advieswerk{}", std::env::consts::EXE_SUFFIX)))
        .unwrap();
    assert!(
        path.exists(),
        "the command line {} is missing: build it first (cargo build -p advieswerk-cli)",
        path.display()
    );
    path
}

pub struct Writer {
    child: Child,
    reader: JoinHandle<Killed>,
}

/// What the writer had said when it was killed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Killed {
    /// The last save it confirmed (0: none).
    pub confirmed: u64,
    /// The save it had announced and not confirmed: the kill landed inside that save, between
    /// its start and its confirmation.
    pub in_flight: Option<u64>,
}

/// A saved text's run and save number (`bevestigd RUN:N …`); `None` for any other text.
pub fn stored_save(body: &str) -> Option<(u64, u64)> {
    let mark = body.strip_prefix("bevestigd ")?.split_whitespace().next()?;
    let (run, n) = mark.split_once(':')?;
    Some((run.parse().ok()?, n.parse().ok()?))
}

impl Writer {
    pub fn start(db: &Path, section: &advieswerk::SectionId, run: u64) -> Writer {
        Writer::start_with(db, section, run, &[])
    }

    /// A writer that also runs a sync round with the shared folder after every save.
    pub fn start_syncing(db: &Path, section: &advieswerk::SectionId, run: u64) -> Writer {
        Writer::start_with(db, section, run, &["--sync"])
    }

    fn start_with(db: &Path, section: &advieswerk::SectionId, run: u64, extra: &[&str]) -> Writer {
        let mut child = Command::new(cli_binary())
            .args([
                "--db",
                db.to_str().unwrap(),
                "save-loop",
                "--section",
                section.as_str(),
                "--run",
                &run.to_string(),
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut k = Killed::default();
            let number = |mark: &str| -> u64 {
                let (r, n) = mark.split_once(':').expect("RUN:N");
                assert_eq!(r.parse::<u64>().unwrap(), run, "a line from another run");
                n.parse().unwrap()
            };
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                match line.trim().split_once(' ') {
                    Some(("saving", mark)) => k.in_flight = Some(number(mark)),
                    Some(("saved", mark)) => {
                        k.confirmed = number(mark);
                        k.in_flight = None;
                    }
                    _ => panic!("the writer said something else: {line}"),
                }
            }
            k
        });
        Writer { child, reader }
    }

    /// Kills the writer with SIGKILL and returns what it had said. Fails the test if it had
    /// stopped by itself (a save error), with what it said.
    pub fn kill(mut self, what: &str) -> Killed {
        let running = self.child.try_wait().unwrap().is_none();
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        if !running {
            let mut err = String::new();
            self.child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("{what}: the writer stopped by itself ({status}): {err}");
        }
        self.reader.join().unwrap()
    }
}
