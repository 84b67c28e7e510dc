//! The advice text of a request: ordered Markdown sections in the shape of the letter
//! (opening, A regional H9 part, B local part, closing) and their revisions. Types, defaults
//! and validation; the SQL is in `store::advice`, the use cases in `service`.

use crate::stamp::Stamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Problems, Result};
use crate::id::{RequestId, RevisionId, SectionId};
use crate::markdown::{self, TextStats};
use crate::status::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SectionScope {
    Opening,
    /// The joint text of the H9 councils, shared with the other councils.
    Regional,
    /// This council's own additional advice.
    Local,
    Closing,
    Other,
}

impl SectionScope {
    pub fn code(self) -> &'static str {
        match self {
            SectionScope::Opening => "opening",
            SectionScope::Regional => "regional",
            SectionScope::Local => "local",
            SectionScope::Closing => "closing",
            SectionScope::Other => "other",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [
            Self::Opening,
            Self::Regional,
            Self::Local,
            Self::Closing,
            Self::Other,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
}

/// A new advice starts in the letter's shape.
pub const DEFAULT_SECTIONS: [(&str, SectionScope); 4] = [
    ("Inleiding", SectionScope::Opening),
    (
        "A. Regionaal advies H9-Adviesraden Sociaal Domein",
        SectionScope::Regional,
    ),
    ("B. Aanvullend lokaal advies", SectionScope::Local),
    ("Afsluiting", SectionScope::Closing),
];

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub id: SectionId,
    pub position: u32,
    pub title: String,
    pub scope: SectionScope,
    pub body: String,
    /// Send this back with the next save of this section.
    pub version: u32,
    pub stats: TextStats,
    pub updated_at: Stamp,
    /// Set when the section follows a regional text (the body is then that text, or what the
    /// council adopted of it).
    pub regional: Option<SectionRegional>,
}

/// A section's regional text as the editor shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionRegional {
    pub text_id: String,
    pub title: String,
    /// Whether this installation has the text (it is in the region and the text came in).
    pub available: bool,
    /// The fingerprint of the version the council adopted.
    pub adopted_version: Option<String>,
    pub current_version: Option<String>,
    /// The text changed after the council adopted it, and the council did not keep its own.
    pub changed_after_adoption: bool,
    /// The word diff from the adopted version to the text as it reads now.
    pub changes: Vec<crate::diff::DiffPart>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    pub request_id: RequestId,
    /// Adopted (or later) advice is locked against editing.
    pub locked: bool,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionSave {
    pub section_id: SectionId,
    /// The version the editor started from.
    pub base_version: u32,
    pub title: String,
    pub body: String,
    /// The writer paused: keep a revision of this text.
    pub checkpoint: bool,
    /// The text at `base_version`, as the editor had it. Given, a save over text that changed
    /// meanwhile (another member's edit arrived) is merged with it instead of refused.
    #[serde(default)]
    #[ts(optional)]
    pub base_body: Option<String>,
}

/// Returned only after the transaction committed: the UI shows "Opgeslagen" on this.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SectionSaved {
    pub section_id: SectionId,
    pub version: u32,
    pub saved_at: Stamp,
    pub stats: TextStats,
    /// The text as saved when it differs from the one sent: merged with an edit made elsewhere.
    pub merged_body: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevisionReason {
    /// Kept automatically while writing, at least every few minutes.
    Interval,
    /// Kept when the writer paused.
    Pause,
    /// The text as it was before an older revision was restored.
    BeforeRestore,
}

impl RevisionReason {
    pub fn code(self) -> &'static str {
        match self {
            RevisionReason::Interval => "interval",
            RevisionReason::Pause => "pause",
            RevisionReason::BeforeRestore => "before_restore",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Interval, Self::Pause, Self::BeforeRestore]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    pub id: RevisionId,
    /// Order of revisions within the section; independent of the clock.
    pub seq: u32,
    pub reason: RevisionReason,
    pub created_at: Stamp,
    /// The member whose text this is, when the council is shared ("Anna de Boer").
    pub author: Option<String>,
    pub title: String,
    pub body: String,
    pub stats: TextStats,
}

/// Revisions are kept at least this often while someone writes.
pub const REVISION_INTERVAL_MINUTES: i64 = 5;

pub fn is_locked(status: Status) -> bool {
    matches!(
        status,
        Status::Adopted | Status::Sent | Status::ReactionReceived | Status::Closed
    )
}

pub fn validate_save(save: &SectionSave) -> Result<()> {
    let mut p = Problems::default();
    check_title(&mut p, &save.title);
    if save.body.len() > markdown::MAX_MARKDOWN_BYTES {
        p.add(
            "body",
            "De tekst is groter dan 10 MB en is niet opgeslagen; splits hem in meer onderdelen.",
        );
    }
    p.into_result()
}

/// A section added by the writer. Only a regional, local or other section can be added; the
/// opening and closing are part of every letter once.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewSection {
    pub request_id: RequestId,
    pub title: String,
    pub scope: SectionScope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

pub const MAX_TITLE: usize = 200;

fn check_title(p: &mut Problems, title: &str) {
    let title = title.trim();
    if title.is_empty() {
        p.add("title", "Geef het onderdeel een titel.");
    } else if title.chars().count() > MAX_TITLE {
        p.add("title", format!("Maximaal {MAX_TITLE} tekens."));
    }
}

pub fn validate_new(new: &NewSection) -> Result<()> {
    let mut p = Problems::default();
    check_title(&mut p, &new.title);
    if matches!(new.scope, SectionScope::Opening | SectionScope::Closing) {
        p.add(
            "scope",
            "Kies regionaal, lokaal of overig; de inleiding en afsluiting bestaan al.",
        );
    }
    p.into_result()
}
