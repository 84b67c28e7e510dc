//! Use cases: what the desktop app and the command line can do, one module per kind of work.
//! Each function validates its input with the domain, calls the store, and returns the view the
//! screen needs (with deadline plans filled in). Front ends call these and nothing below them;
//! `today` is passed in, and the store dates its changes by the clock it was given, so behaviour
//! near deadlines is testable.

use chrono::NaiveDate;

use crate::deadline::{self, PlanInput, Terms};
use crate::error::Result;
use crate::request::{self, RequestSummary};
use crate::store::Store;
use crate::store::request::RequestRecord;

mod annual_report;
mod backups;
mod conflicts;
mod documents;
mod drafting;
mod follow_up;
mod import;
mod letter;
mod planning;
mod region;
mod requests;
mod search;
mod settings;
mod sharing;
mod window;

pub use annual_report::{
    AnnualFigures, AnnualReport, Count, Publication, ReportTextsInput, ThemeCount, YearAdvice,
    YearShare, annual_figures, annual_report, annual_report_file_name, publish_year,
    render_annual_report, report_document, save_annual_report, save_annual_report_as,
    save_report_texts,
};
pub use backups::{
    BackupOverview, backups, daily_backup, make_backup, open_database, recover_from_backup,
    recovery_status, restore_backup, start_empty,
};
pub use conflicts::{ConflictChoice, FieldConflictView, choose_value, list_conflicts};
pub use documents::{
    DocumentInfo, DocumentsAdded, EmailDraft, ReadFile, SkippedFile, add_document, delete_document,
    document_copy, list_documents, read_email, read_files, read_path, store_files,
};
pub use drafting::{
    add_section, compare_revision, get_advice, list_revisions, move_section, open_advice,
    remove_section, render_preview, restore_revision, restore_section, save_section,
    save_section_or_rescue,
};
pub use follow_up::{
    MAX_LETTER_BYTES, delete_commitment, delete_follow_up, extract_recommendations, get_follow_up,
    merge_recommendation, record_follow_up, record_reaction, render_reminder, save_commitment,
    save_reaction_letter, save_reminder, save_reminder_as, set_reaction_term, split_recommendation,
    suggested_reminder_name, update_recommendation,
};
pub use import::{LetterImport, import_letter};
pub use letter::{
    LetterFormat, LetterPreview, YearLetter, get_letter_details, get_letterhead, letter,
    letter_file_name, letter_preview, letters_of_year, remove_logo, render_letter, save_letter,
    save_letter_as, save_letter_details, save_letterhead, save_logo, save_year_letter,
    suggested_letter_name,
};
pub use planning::{
    create_milestone, delete_milestone, export_ics, get_milestone, import_planning, list_tracks,
    move_milestone, save_ics, save_municipalities, save_timeline_image, save_track, timeline,
    update_milestone,
};
pub use region::{
    CouncilRow, HistoryItem, OverviewText, OwnLink, ProposalInput, ProposalView, RegionCreated,
    RegionOverview, RegionStatus, RegionalTextSummary, RegionalTextView, TextPiece,
    adopt_new_version, create_region, decide_proposal, get_regional_text, join_region,
    keep_own_version, list_regional_texts, propose_change, region_overview, region_passphrase,
    region_round, region_status, regional_text_letter, render_regional_text, save_regional_text_as,
    share_section, suggested_regional_name, unlink_section, use_regional_text,
};
use requests::validate_request;
pub use requests::{
    AgendaItem, AgendaKind, CommitmentDue, Upcoming, add_step, create_request, delete_request,
    get_request, register, start_screen, undo_step, upcoming, update_request,
};
pub use search::{MAX_HITS, SearchHit, SearchInput, SearchResults, refresh_search, search};
pub use settings::{AppInfo, app_info, get_council, meeting_series, save_council};
pub use sharing::{
    FolderWatch, SNAPSHOT_EVERY, ShareResult, Sharing, SyncStatus, background_round, join_council,
    leave_council, passphrase, set_member, share_council, sync_round, sync_status,
};
pub use window::{PageEvent, queue_event};

/// The council's terms and plenary dates for one day: what every deadline plan is computed from.
struct Calendar {
    terms: Terms,
    meetings: Vec<NaiveDate>,
    today: NaiveDate,
}

impl Calendar {
    fn load(store: &Store, today: NaiveDate) -> Result<Calendar> {
        Ok(Calendar {
            terms: store.get_terms()?,
            meetings: store.list_meeting_dates()?,
            today,
        })
    }

    fn plan(&self, r: &RequestRecord) -> deadline::DeadlinePlan {
        deadline::plan(&PlanInput {
            asked: r.kind == request::RequestKind::Asked,
            status: r.status,
            received_on: r.received_on,
            requested_by: r.requested_by,
            sent_on: r.sent_on,
            reaction_term_days: r.reaction_term_days,
            next_commitment_on: r.next_commitment_on,
            meetings: &self.meetings,
            terms: self.terms,
            today: self.today,
        })
    }

    fn summary(&self, r: RequestRecord) -> RequestSummary {
        let plan = self.plan(&r);
        RequestSummary {
            id: r.id,
            subject: r.subject,
            requester: r.requester,
            kind: r.kind,
            theme_name: r.theme_name,
            working_group_name: r.working_group_name,
            received_on: r.received_on,
            status: r.status,
            confidential: r.confidential,
            plan,
        }
    }
}
