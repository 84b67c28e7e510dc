//! Starts the real desktop app for a test: its own tauri-driver (which starts WebKitWebDriver,
//! which starts the app) on free ports, against a SQLite file of the test's own.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::webdriver::Session;

pub struct App {
    driver: Child,
    server: String,
    /// The binary the driver starts: the app, or the start-up bench's bare window.
    binary: String,
    pub db: PathBuf,
    _dir: Option<tempfile::TempDir>,
    pub session: Option<Session>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn app_binary() -> String {
    let path = std::env::var("ADVIESWERK_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/debug/advieswerk-app")
        });
    assert!(
        path.exists(),
        "the app binary {} is missing: build it first (scripts/test does)",
        path.display()
    );
    path.canonicalize().unwrap().display().to_string()
}

/// A release binary of this workspace (`target/release/<name>`), or the one `env` names: its
/// canonical path, as the kernel reports it for the running process. `None` when not built.
pub fn release_binary(env: &str, name: &str) -> Option<String> {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/release")
            .join(name)
    });
    Some(path.canonicalize().ok()?.display().to_string())
}

impl App {
    /// A fresh app on a new, empty database.
    pub fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("advieswerk.sqlite3");
        let mut app = App::start_on(&db);
        app._dir = Some(dir);
        app
    }

    /// The app on the database at `db`.
    pub fn start_on(db: &Path) -> App {
        App::start_with(db, &[])
    }

    /// The app on the database at `db`, with extra environment variables, on the suite's clock
    /// (`support::clock::START`) unless `envs` sets `ADVIESWERK_CLOCK` itself.
    pub fn start_with(db: &Path, envs: &[(&str, &Path)]) -> App {
        App::start_binary(&app_binary(), db, envs)
    }

    /// `binary` (the app or another Tauri program) through its own driver, as `start_with`.
    pub fn start_binary(binary: &str, db: &Path, envs: &[(&str, &Path)]) -> App {
        let clock = super::clock::START;
        let clock_env = [("ADVIESWERK_CLOCK", Path::new(clock))];
        let envs: Vec<(&str, &Path)> = if envs.iter().any(|(k, _)| *k == "ADVIESWERK_CLOCK") {
            envs.to_vec()
        } else {
            clock_env.iter().chain(envs).copied().collect()
        };
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "end-to-end tests need a display (scripts/test starts Xvfb)"
        );
        let port = free_port();
        let native = free_port();
        let driver =
            Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()))
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native.to_string(),
                ])
                .env("ADVIESWERK_DB", db)
                .envs(envs.iter().copied())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        let server = format!("http://127.0.0.1:{port}");
        let mut app = App {
            driver,
            server,
            binary: binary.to_string(),
            db: db.to_path_buf(),
            _dir: None,
            session: None,
        };
        app.open_window();
        app
    }

    /// Opens the window (again), waiting for the driver to listen.
    pub fn open_window(&mut self) {
        let start = Instant::now();
        let session = loop {
            match Session::start(&self.server, &self.binary) {
                Ok(s) => break s,
                Err(e) if start.elapsed() > Duration::from_secs(30) => {
                    panic!("cannot start the app: {e}")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        };
        session.find("main h1");
        self.session = Some(session);
    }

    /// Closes the window, which ends the app process, as a user quitting would.
    pub fn close_window(&mut self) {
        if let Some(s) = self.session.take() {
            s.close();
        }
    }

    /// The app processes running on this app's database (found by their environment, as the
    /// driver starts them): empty once the app has exited.
    pub fn processes(&self) -> Vec<u32> {
        let exe = &self.binary;
        let wanted = format!("ADVIESWERK_DB={}", self.db.display());
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let runs_app = std::fs::read_link(format!("/proc/{pid}/exe"))
                    .is_ok_and(|p| p.display().to_string() == *exe);
                runs_app
                    && std::fs::read(format!("/proc/{pid}/environ"))
                        .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == wanted.as_bytes()))
            })
            .collect()
    }

    /// The WebKit web processes of the app's window (at least one, or the test fails).
    pub fn web_processes(&self) -> Vec<u32> {
        let pid = *self.processes().first().expect("the app process");
        let web = super::processes::web_processes(pid);
        assert!(
            !web.is_empty(),
            "no web process among {:?}",
            super::processes::family(pid)
        );
        web
    }

    pub fn ui(&self) -> &Session {
        self.session.as_ref().expect("window is open")
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.close_window();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
