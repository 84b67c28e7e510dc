//! `advieswerk`: the command line for administrators and scripts. It opens the same database
//! as the desktop app (or the one given with `--db`) and calls the same use cases.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use advieswerk::request::RegisterQuery;
use advieswerk::status::Status;
use advieswerk::{Clock, Error, NaiveDate, Store, date, demo, service, store};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "advieswerk",
    version,
    about = "Advieswerk: het register van een adviesraad sociaal domein"
)]
struct Cli {
    /// Database file (default: the app's own database in the local app-data folder)
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the database if needed and fill it with example data
    Demo,
    /// Print the register of advice requests
    List {
        /// Output as JSON (every request, with its deadline plan)
        #[arg(long)]
        json: bool,
        /// Only these statuses (e.g. received, in_progress, draft)
        #[arg(long, value_delimiter = ',')]
        status: Vec<String>,
    },
    /// Show where the database is and what it holds
    Info,
    /// Write the planning (milestones and the register's dates) as an iCalendar file
    Ics {
        /// Where to write the .ics file
        #[arg(long)]
        out: PathBuf,
        /// First day (dd-mm-jjjj or jjjj-mm-dd); default three months ago
        #[arg(long)]
        from: Option<String>,
        /// Last day; default nine months ahead
        #[arg(long)]
        to: Option<String>,
    },
    /// Import an advice letter written like the published example (front matter, `##` parts)
    /// as a request with its advice
    ImportLetter { file: PathBuf },
    /// Write the advice letter of a request as Word, PDF/A or HTML
    Export {
        #[arg(long)]
        request: String,
        #[arg(long, value_parser = ["html", "docx", "pdf"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write every letter of a year (requests received that year with advice text) into
    /// OUT/brieven-YEAR/
    ExportYear {
        #[arg(long)]
        year: i32,
        #[arg(long, value_parser = ["html", "docx", "pdf"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import milestones from a planning CSV (columns start,end,kind,who,title)
    ImportPlanning {
        file: PathBuf,
        /// The track to import into (created when no track has this name)
        #[arg(long, default_value = "Geïmporteerde planning")]
        track: String,
        /// Import the good rows even when other rows have problems
        #[arg(long)]
        good_rows: bool,
    },
    /// Share this council through a folder that syncs (OneDrive, Nextcloud, Syncthing, a
    /// network share); prints the passphrase the other members need
    Share {
        #[arg(long)]
        folder: PathBuf,
        /// Your name, shown with your changes
        #[arg(long)]
        member: String,
    },
    /// Join a council shared in a folder. The passphrase is read from standard input unless
    /// given (a command line is visible to other users of the computer)
    Join {
        #[arg(long)]
        folder: PathBuf,
        #[arg(long)]
        member: String,
        #[arg(long)]
        passphrase: Option<String>,
        /// Replace this database's own records (a backup is made first)
        #[arg(long)]
        replace: bool,
    },
    /// Stop taking part in the shared council: a last round sends what is not in the folder
    /// yet; the data stays in this database and the folder's files stay for the others
    Leave {
        /// Stop even when changes would not reach the other members (folder unreachable)
        #[arg(long)]
        anyway: bool,
    },
    /// One sync round with the shared folder. Exit code 0: in sync; 3: folder unreachable;
    /// 4: files refused or changes that do not fit
    Sync {
        /// Output the status as JSON
        #[arg(long)]
        json: bool,
    },
    /// Save a section's text over and over, printing the number of each confirmed save. The
    /// crash test kills this process at random moments and checks that no confirmed save is lost.
    #[command(hide = true)]
    SaveLoop {
        #[arg(long)]
        section: String,
        /// Marks every saved text, so text left by an earlier run is told apart.
        #[arg(long, default_value_t = 0)]
        run: u64,
        /// Runs a sync round with the shared folder after every confirmed save.
        #[arg(long)]
        sync: bool,
    },
}

/// Why a command stopped early.
enum Stop {
    Failed(Error),
    /// A sync round that ran but did not get everything across (exit code as documented).
    Unsynced(u8),
    /// The reader of our output went away (`advieswerk list | head`): not an error of ours.
    OutputClosed,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Failed(e)
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Stop {
        Stop::Failed(e.into())
    }
}

impl From<store::Error> for Stop {
    fn from(e: store::Error) -> Stop {
        Stop::Failed(e.into())
    }
}

impl From<serde_json::Error> for Stop {
    fn from(e: serde_json::Error) -> Stop {
        Stop::Failed(e.into())
    }
}

/// A line to standard output. A closed pipe stops the command quietly, as Unix tools do, instead
/// of the panic `println!` gives.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Stop::OutputClosed
            } else {
                Stop::Failed(e.into())
            }
        })?
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // What a shell reports for a program ended by a closed pipe (128 + SIGPIPE).
        Err(Stop::OutputClosed) => ExitCode::from(141),
        Err(Stop::Unsynced(code)) => ExitCode::from(code),
        Err(Stop::Failed(e)) => {
            eprintln!("advieswerk: {}", e.message_nl());
            if let Error::Validation(fields) = &e {
                for f in fields.iter().filter(|_| fields.len() > 1) {
                    eprintln!("  {}: {}", f.field, f.message);
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// A round's outcome as an exit code, for scripts.
fn sync_exit(status: &service::SyncStatus) -> Result<(), Stop> {
    if !status.reachable {
        Err(Stop::Unsynced(3))
    } else if !status.refusals.is_empty() || !status.problems.is_empty() {
        Err(Stop::Unsynced(4))
    } else {
        Ok(())
    }
}

fn run(cli: Cli) -> Result<(), Stop> {
    // A time setting that cannot be read stops the command before the database is touched.
    let clock = Clock::from_env().map_err(|e| Error::validation("klok", e.to_string()))?;
    let path = match cli.db {
        Some(p) => p,
        None => store::default_db_path()?,
    };
    // Opened as the app opens it: the place checked, a damaged file set aside, never written.
    let mut store = service::open_database(&path)?;
    store.set_clock(clock);
    let today = clock.today();
    match cli.command {
        Command::Demo => {
            demo::load(&mut store, today)?;
            say!("Voorbeeldgegevens geladen in {}", path.display());
        }
        Command::List { json, status } => list(&store, &status, json, today)?,
        Command::Info => {
            let info = service::app_info(&store, today)?;
            say!("Database:      {}", info.db_path);
            say!("Schemaversie:  {}", info.schema_version);
            say!("Aanvragen:     {}", info.request_count);
            say!("Installatie:   {}", info.installation_id);
        }
        Command::SaveLoop { section, run, sync } => {
            save_loop(&mut store, &section.into(), run, sync)?
        }
        Command::Share { folder, member } => share(&mut store, &folder, &member)?,
        Command::Join {
            folder,
            member,
            passphrase,
            replace,
        } => return join(&mut store, &folder, &member, passphrase, replace),
        Command::Leave { anyway } => {
            let status =
                service::leave_council(&mut store, &mut service::Sharing::default(), anyway)?;
            say!("Deze computer deelt de raad niet meer. {}", status.summary);
        }
        Command::Sync { json } => return sync(&mut store, json),
        Command::Ics { out, from, to } => ics(&store, &out, from, to, clock)?,
        Command::ImportLetter { file } => import_letter(&mut store, &file, today)?,
        Command::Export {
            request,
            format,
            out,
        } => {
            let format = letter_format(&format);
            let bytes = service::render_letter(&mut store, &request.into(), format, today)?;
            advieswerk::exports::write_path(&out, &bytes)?;
            say!("Brief geschreven naar {}", out.display());
        }
        Command::ExportYear { year, format, out } => {
            let format = letter_format(&format);
            let letters = service::letters_of_year(&mut store, year, today)?;
            for (i, l) in letters.iter().enumerate() {
                let path =
                    service::save_year_letter(&mut store, &l.request_id, format, today, &out)?;
                say!("{}/{} {path}", i + 1, letters.len());
            }
            say!("{} brieven van {year} geschreven.", letters.len());
        }
        Command::ImportPlanning {
            file,
            track,
            good_rows,
        } => import_planning(&mut store, &file, &track, good_rows)?,
    }
    Ok(())
}

/// `share`: makes the council's shared space in `folder` and prints the passphrase once.
fn share(store: &mut Store, folder: &Path, member: &str) -> Result<(), Stop> {
    let shared = service::share_council(store, &mut service::Sharing::default(), folder, member)?;
    say!("De raad wordt gedeeld via {}.", folder.display());
    say!("Geef de andere leden deze wachtwoordzin (bewaar hem goed):");
    say!("{}", shared.passphrase);
    say!("{}", shared.status.summary);
    Ok(())
}

/// `ics`: the timeline between `from` and `to` (dd-mm-jjjj) as an iCalendar file.
fn ics(
    store: &Store,
    out: &Path,
    from: Option<String>,
    to: Option<String>,
    clock: Clock,
) -> Result<(), Stop> {
    let day = |field: &str, v: Option<String>| -> advieswerk::Result<_> {
        v.map(|s| date::parse(&s).map_err(|e| Error::validation(field, e.to_string())))
            .transpose()
    };
    let query = advieswerk::planning::TimelineQuery {
        from: day("from", from)?,
        to: day("to", to)?,
        ..Default::default()
    };
    let text = service::export_ics(store, &query, &[], clock.today(), clock.now())?;
    std::fs::write(out, &text)?;
    let n = text.matches("BEGIN:VEVENT").count();
    say!("{n} afspraken geschreven naar {}", out.display());
    Ok(())
}

/// `import-letter`: a letter file as a request with its advice.
fn import_letter(store: &mut Store, file: &Path, today: NaiveDate) -> Result<(), Stop> {
    let text = std::fs::read_to_string(file)?;
    let report = service::import_letter(store, &text, today)?;
    say!(
        "Brief geïmporteerd als adviesaanvraag {} met {} onderdelen.",
        report.request_id,
        report.sections
    );
    for n in &report.notices {
        say!("  {n}");
    }
    Ok(())
}

/// `list`: the whole register (every page), as JSON or one line per request.
fn list(store: &Store, status: &[String], json: bool, today: NaiveDate) -> Result<(), Stop> {
    let mut statuses = Vec::new();
    for s in status {
        statuses.push(Status::from_code(s).ok_or_else(|| {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
            Error::validation(
                "status",
                format!("Onbekende status ‘{s}’; kies uit: {}.", known.join(", ")),
            )
        })?);
    }
    // Page through everything: scripts want the whole register.
    let mut query = RegisterQuery {
        statuses,
        limit: store::request::MAX_PAGE,
        ..Default::default()
    };
    let mut rows = Vec::new();
    loop {
        let page = service::register(store, &query, today)?;
        let n = page.rows.len() as u32;
        rows.extend(page.rows);
        if n < query.limit {
            break;
        }
        query.offset += n;
    }
    if json {
        say!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        for r in rows {
            let due = r
                .plan
                .due_on
                .map(date::short_nl)
                .unwrap_or_else(|| "—".into());
            say!("{due:<10}  {:<18}  {}", r.status.label_nl(), r.subject);
        }
    }
    Ok(())
}

/// `join`: joins the council shared in `folder`; the passphrase from the command line or, left
/// out, from standard input (so that it is not in the shell's history).
fn join(
    store: &mut Store,
    folder: &std::path::Path,
    member: &str,
    passphrase: Option<String>,
    replace: bool,
) -> Result<(), Stop> {
    let passphrase = match passphrase {
        Some(p) => p,
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line
        }
    };
    let status = service::join_council(
        store,
        &mut service::Sharing::default(),
        folder,
        &passphrase,
        member,
        replace,
    )?;
    say!("Aangesloten bij de raad in {}.", folder.display());
    say!("{}", status.summary);
    sync_exit(&status)
}

/// `sync`: one round with the shared folder; the exit code says whether everything went.
fn sync(store: &mut Store, json: bool) -> Result<(), Stop> {
    let status = service::sync_round(store, &mut service::Sharing::default())?;
    if !status.shared {
        return Err(Stop::Failed(Error::validation(
            "folder",
            "Deze raad wordt niet gedeeld. Gebruik eerst ‘share’ of ‘join’.",
        )));
    }
    if json {
        say!("{}", serde_json::to_string_pretty(&status)?);
    } else {
        say!("{}", status.summary);
        for line in status.refusals.iter().chain(&status.problems) {
            say!("  {line}");
        }
    }
    sync_exit(&status)
}

/// `import-planning`: a planning CSV into the track of that name (made when there is none).
/// Rows with problems are printed; none imported because of them is an error.
fn import_planning(
    store: &mut Store,
    file: &std::path::Path,
    track: &str,
    good_rows: bool,
) -> Result<(), Stop> {
    let text = std::fs::read_to_string(file)?;
    let existing = service::list_tracks(store)?
        .into_iter()
        .find(|t| t.name == track)
        .map(|t| t.id);
    let report = service::import_planning(
        store,
        &text,
        &advieswerk::planning::ImportTarget {
            track_id: existing,
            new_track_name: track.to_owned(),
        },
        good_rows,
    )?;
    for p in &report.problems {
        eprintln!("{}", p.message);
    }
    if report.imported == 0 && !report.problems.is_empty() {
        let lines: std::collections::BTreeSet<_> = report.problems.iter().map(|p| p.line).collect();
        return Err(Stop::Failed(Error::validation(
            "file",
            format!(
                "Niets geïmporteerd: {} regel(s) met problemen. Verbeter het bestand of gebruik --good-rows.",
                lines.len()
            ),
        )));
    }
    say!(
        "{} mijlpalen geïmporteerd in traject ‘{track}’.",
        report.imported
    );
    Ok(())
}

/// Never returns unless a save fails. Each save is announced (`saving RUN:N`) before it starts
/// and confirmed (`saved RUN:N`) once committed; the text says `bevestigd RUN:N`. Body sizes vary
/// so that saves cross page boundaries.
fn save_loop(
    store: &mut Store,
    section_id: &advieswerk::SectionId,
    run: u64,
    sync: bool,
) -> advieswerk::Result<()> {
    let mut version = store.get_section(section_id)?.version;
    let mut sharing = service::Sharing::default();
    let filler = "De raad adviseert het college om de toegang laagdrempelig te houden. ";
    let mut out = std::io::stdout().lock();
    for i in 1u64.. {
        writeln!(out, "saving {run}:{i}")?;
        out.flush()?;
        let body = format!(
            "bevestigd {run}:{i}\n\n{}",
            filler.repeat((i % 97) as usize * 3)
        );
        let saved = service::save_section(
            store,
            &advieswerk::advice::SectionSave {
                section_id: section_id.clone(),
                base_version: version,
                title: "Crashtest".into(),
                body,
                checkpoint: i % 10 == 0,
                base_body: None,
            },
        )?;
        version = saved.version;
        writeln!(out, "saved {run}:{i}")?;
        out.flush()?;
        if sync {
            service::sync_round(store, &mut sharing)?;
        }
    }
    Ok(())
}

fn letter_format(name: &str) -> service::LetterFormat {
    match name {
        "docx" => service::LetterFormat::Docx,
        "pdf" => service::LetterFormat::Pdf,
        _ => service::LetterFormat::Html,
    }
}
