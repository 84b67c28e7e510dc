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
    }
    Ok(())
}
