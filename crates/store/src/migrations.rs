//! Schema migrations: numbered SQL files embedded in the binary, applied in order, each in its
//! own transaction. Released files are never edited: `migrations/RELEASED` holds their SHA-256,
//! a test compares, and a database remembers the checksum of what it ran.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_register_indexes",
        sql: include_str!("../migrations/0002_register_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "0003_advice_sections",
        sql: include_str!("../migrations/0003_advice_sections.sql"),
    },
    Migration {
        version: 4,
        name: "0004_section_removal",
        sql: include_str!("../migrations/0004_section_removal.sql"),
    },
    Migration {
        version: 5,
        name: "0005_planning",
        sql: include_str!("../migrations/0005_planning.sql"),
    },
    Migration {
        version: 6,
        name: "0006_letter",
        sql: include_str!("../migrations/0006_letter.sql"),
    },
    Migration {
        version: 7,
        name: "0007_letter_signer",
        sql: include_str!("../migrations/0007_letter_signer.sql"),
    },
    Migration {
        version: 8,
        name: "0008_sharing",
        sql: include_str!("../migrations/0008_sharing.sql"),
    },
    Migration {
        version: 9,
        name: "0009_field_conflicts",
        sql: include_str!("../migrations/0009_field_conflicts.sql"),
    },
    Migration {
        version: 10,
        name: "0010_region",
        sql: include_str!("../migrations/0010_region.sql"),
    },
    Migration {
        version: 11,
        name: "0011_region_authors",
        sql: include_str!("../migrations/0011_region_authors.sql"),
    },
    Migration {
        version: 12,
        name: "0012_follow_up",
        sql: include_str!("../migrations/0012_follow_up.sql"),
    },
    Migration {
        version: 13,
        name: "0013_documents",
        sql: include_str!("../migrations/0013_documents.sql"),
    },
];

pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn checksum(sql: &str) -> String {
    Sha256::digest(sql.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const BOOKKEEPING: &str = "CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT";

/// The highest applied version, after checking that every applied migration is the one this
/// program embeds.
pub fn applied_version(conn: &Connection, list: &[Migration]) -> Result<u32> {
    let exists: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Ok(0);
    }
    let mut stmt = conn.prepare("SELECT version, sha256 FROM schema_migration ORDER BY version")?;
    let applied = stmt
        .query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut top = 0;
    for (version, sum) in applied {
        match list.iter().find(|m| m.version == version) {
            Some(m) if checksum(m.sql) == sum => top = top.max(version),
            Some(_) => return Err(Error::MigrationEdited { version }),
            None => {
                return Err(Error::SchemaTooNew {
                    found: version,
                    known: list.last().map_or(0, |m| m.version),
                });
            }
        }
    }
    Ok(top)
}

/// Applies every migration after `from`. Each runs in a transaction with its bookkeeping row,
/// so a crash leaves the database at a clean version.
pub fn apply_pending(conn: &mut Connection, list: &[Migration], from: u32) -> Result<u32> {
    conn.execute_batch(BOOKKEEPING)?;
    let mut at = from;
    for m in list.iter().filter(|m| m.version > from) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql)?;
        tx.execute(
            "INSERT INTO schema_migration (version, name, sha256, applied_at) VALUES (?1, ?2, ?3, ?4)",
            params![m.version, m.name, checksum(m.sql), advieswerk_domain::Stamp::at(chrono::Utc::now()).text()],
        )?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
        at = m.version;
    }
    Ok(at)
}
