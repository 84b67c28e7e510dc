//! The TypeScript bindings of every type that crosses the IPC boundary, generated from the Rust
//! types with ts-rs into one file, `ui/src/lib/bindings.ts`. The test `bindings_are_current`
//! fails when the committed file drifts; `UPDATE_BINDINGS=1 cargo test --test bindings`
//! rewrites it.

use ts_rs::{Config, TS};

use crate::advice::*;
use crate::backup::{BackupInfo, BackupKind};
use crate::council::*;
use crate::deadline::*;
use crate::diff::*;
use crate::error::*;
use crate::follow_up::*;
use crate::id::*;
use crate::letterhead::*;
use crate::markdown::{Preview, TextStats};
use crate::planning::*;
use crate::recovery::Recovery;
use crate::request::*;
use crate::search::{SearchKind, SnippetPart};
use crate::service::*;
use crate::stamp::Stamp;
use crate::status::*;

macro_rules! decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

/// The whole bindings file as text.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls: Vec<String> = decls![&cfg;
        ApiError, ErrorCode, FieldError,
        RequestId, SectionId, RevisionId, MilestoneId, TrackId, BackupName, Stamp,
        Status, Tenor, RequestKind, SortKey,
        Step, AdviceRequest, RequestSummary, RegisterQuery, RegisterPage, RequestInput, StepInput,
        DueSource, Warning, DeadlinePlan,
        Council, Meeting, Theme, WorkingGroup, Member, CouncilInput, MeetingInput, MeetingSeriesInput, ThemeInput, WorkingGroupInput, MemberInput,
        AppInfo, AgendaKind, AgendaItem, Upcoming, LetterImport, LetterFormat, YearLetter,
        Letterhead, LetterheadInput, LetterDetails, LetterDetailsInput, LetterPreview,
        SectionScope, Section, Advice, SectionSave, SectionSaved, RevisionReason, Revision, TextStats, Preview,
        NewSection, Direction, DiffKind, DiffPart,
        ItemKind, MilestoneStatus, TrackScope, Municipality, MunicipalityInput, Track, TrackInput, Milestone, MilestoneInput,
        ItemSource, TimelineItem, TimelineQuery, Timeline, ImportTarget, ImportReport, RowProblem,
        BackupKind, BackupInfo, Recovery, BackupOverview,
        SyncStatus, PageEvent, ShareResult, ConflictChoice, FieldConflictView,
        SectionRegional, RegionStatus, RegionCreated, CouncilRow, ProposalView, TextPiece, HistoryItem,
        OwnLink, RegionalTextView, RegionalTextSummary, RegionOverview, OverviewText, ProposalInput,
        Outcome, CommitmentStatus, FollowUpKind, Recommendation, Reaction, Commitment, FollowUpStep, FollowUp,
        RecommendationInput, OutcomeInput, ReactionInput, CommitmentInput, FollowUpInput, CommitmentDue,
        Count, ThemeCount, YearAdvice, YearShare, AnnualFigures, AnnualReport, ReportTextsInput, Publication,
        DocumentInfo, SkippedFile, DocumentsAdded, EmailDraft,
        SearchKind, SnippetPart, SearchInput, SearchHit, SearchResults,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `advieswerk::bindings` (ts-rs). Do not edit by hand:\n\
         // run `UPDATE_BINDINGS=1 cargo test --test bindings` after changing a Rust type.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    // The Dutch labels of the codes, from the one place the core keeps them, so the screens and
    // the core's own messages and letters cannot disagree.
    out.push_str(&labels(
        "statusLabel",
        "Status",
        &Status::ALL,
        Status::code,
        Status::label_nl,
    ));
    out.push_str(&labels(
        "tenorLabel",
        "Tenor",
        &Tenor::ALL,
        Tenor::code,
        Tenor::label_nl,
    ));
    out.push_str(&labels(
        "itemKindLabel",
        "ItemKind",
        &ItemKind::ALL,
        ItemKind::code,
        ItemKind::label_nl,
    ));
    out.push_str(&labels(
        "outcomeLabel",
        "Outcome",
        &Outcome::ALL,
        Outcome::code,
        Outcome::label_nl,
    ));
    out.push_str(&labels(
        "commitmentStatusLabel",
        "CommitmentStatus",
        &CommitmentStatus::ALL,
        CommitmentStatus::code,
        CommitmentStatus::label_nl,
    ));
    out.push_str(&labels(
        "followUpKindLabel",
        "FollowUpKind",
        &[FollowUpKind::ReminderSent, FollowUpKind::CouncilInformed],
        FollowUpKind::code,
        FollowUpKind::label_nl,
    ));
    out.push_str(&labels(
        "searchKindLabel",
        "SearchKind",
        &SearchKind::ALL,
        SearchKind::code,
        SearchKind::label,
    ));
    let open: Vec<String> = Status::ALL
        .into_iter()
        .filter(|s| !s.is_terminal())
        .map(|s| literal(s.code()))
        .collect();
    out.push_str(&format!(
        "/** The statuses of a request the council is still busy with. */\n\
         export const openStatuses: Status[] = [{}];\n",
        open.join(", ")
    ));
    out
}

/// A string as a TypeScript literal (JSON's escaping is TypeScript's).
fn literal(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

fn labels<T: Copy>(
    name: &str,
    ty: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> String {
    let entries: Vec<String> = all
        .iter()
        .map(|&v| format!("  {}: {},\n", code(v), literal(label(v))))
        .collect();
    format!(
        "export const {name}: Record<{ty}, string> = {{\n{}}};\n\n",
        entries.concat()
    )
}
