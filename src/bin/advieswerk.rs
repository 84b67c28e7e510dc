//! `advieswerk`: the command line for administrators and scripts. It opens the same database
//! as the desktop app (or the one given with `--db`) and calls the same use cases.

use std::path::PathBuf;
use std::process::ExitCode;

use advieswerk::request::RegisterQuery;
use advieswerk::status::Status;
use advieswerk::{Error, Store, date, demo, service, store};
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
    /// Save a section's text over and over, printing the number of each confirmed save. The
    /// crash test kills this process at random moments and checks that no confirmed save is lost.
    #[command(hide = true)]
    SaveLoop {
        #[arg(long)]
        section: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
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

fn run(cli: Cli) -> advieswerk::Result<()> {
    let path = match cli.db {
        Some(p) => p,
        None => store::default_db_path()?,
    };
    let mut store = Store::open(&path)?;
    let today = service::today();
    match cli.command {
        Command::Demo => {
            demo::load(&mut store, today)?;
            println!("Voorbeeldgegevens geladen in {}", path.display());
        }
        Command::List { json, status } => {
            let mut statuses = Vec::new();
            for s in &status {
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
                let page = service::register(&store, &query, today)?;
                let n = page.rows.len() as u32;
                rows.extend(page.rows);
                if n < query.limit {
                    break;
                }
                query.offset += n;
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in rows {
                    let due = r
                        .plan
                        .due_on
                        .map(date::short_nl)
                        .unwrap_or_else(|| "—".into());
                    println!("{due:<10}  {:<18}  {}", r.status.label_nl(), r.subject);
                }
            }
        }
        Command::Info => {
            let info = service::app_info(&store, today)?;
            println!("Database:      {}", info.db_path);
            println!("Schemaversie:  {}", info.schema_version);
            println!("Aanvragen:     {}", info.request_count);
            println!("Installatie:   {}", info.installation_id);
        }
        Command::SaveLoop { section } => save_loop(&mut store, &section)?,
    }
    Ok(())
}

/// Never returns unless a save fails. Body sizes vary so that saves cross page boundaries.
fn save_loop(store: &mut Store, section_id: &str) -> advieswerk::Result<()> {
    use std::io::Write;
    let mut version = store.get_section(section_id)?.version;
    let filler = "De raad adviseert het college om de toegang laagdrempelig te houden. ";
    let mut out = std::io::stdout().lock();
    for i in 1u64.. {
        let body = format!("bevestigd {i}\n\n{}", filler.repeat((i % 97) as usize * 3));
        let saved = service::save_section(
            store,
            &advieswerk::advice::SectionSave {
                section_id: section_id.to_owned(),
                base_version: version,
                title: "Crashtest".into(),
                body,
                checkpoint: i % 10 == 0,
            },
        )?;
        version = saved.version;
        writeln!(out, "{i}")?;
        out.flush()?;
    }
    Ok(())
}
