//! The writer process of the crash tests: the CLI's `save-loop`, saving one section over and
//! over and printing the number of each save after it is confirmed (committed).

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
    reader: JoinHandle<u64>,
}

impl Writer {
    pub fn start(db: &Path, section: &str) -> Writer {
        let mut child = Command::new(cli_binary())
            .args([
                "--db",
                db.to_str().unwrap(),
                "save-loop",
                "--section",
                section,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut last = 0u64;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                last = line.trim().parse().expect("the writer prints numbers only");
            }
            last
        });
        Writer { child, reader }
    }

    /// Kills the writer with SIGKILL and returns the last save it confirmed. Fails the test if
    /// it had stopped by itself (a save error), with what it said.
    pub fn kill(mut self, what: &str) -> u64 {
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

/// The number of the save whose text a section holds (`bevestigd N …`), 0 for other text.
pub fn stored_save(body: &str) -> u64 {
    body.strip_prefix("bevestigd ")
        .and_then(|b| b.split_whitespace().next())
        .map_or(0, |n| n.parse().unwrap())
}
