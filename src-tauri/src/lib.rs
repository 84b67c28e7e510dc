//! The Tauri shell: opens the store and exposes the core's use cases as commands. Every command
//! is a one-line adapter over `advieswerk::service`; no business rule lives here. Store work
//! runs on a blocking thread so the window's main thread never waits on the disk.

pub mod language;
pub mod memory;
#[cfg(target_os = "linux")]
mod webkit_extension;

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex};

use advieswerk::advice::{
    Advice, Direction, NewSection, Revision, Section, SectionSave, SectionSaved,
};
use advieswerk::backup::BackupInfo;
use advieswerk::council::{Council, CouncilInput, MeetingSeriesInput};
use advieswerk::diff::DiffPart;
use advieswerk::follow_up::{
    CommitmentInput, FollowUp, FollowUpInput, ReactionInput, RecommendationInput,
};
use advieswerk::letterhead::{LetterDetails, LetterDetailsInput, Letterhead, LetterheadInput};
use advieswerk::markdown::Preview;
use advieswerk::planning::{
    ImportReport, ImportTarget, Milestone, MilestoneInput, Municipality, MunicipalityInput,
    Timeline, TimelineQuery, Track, TrackInput,
};
use advieswerk::recovery::Recovery;
use advieswerk::request::{AdviceRequest, RegisterPage, RegisterQuery, RequestInput, StepInput};
use advieswerk::service::{
    self, AnnualReport, AppInfo, BackupOverview, DocumentInfo, DocumentsAdded, EmailDraft,
    FieldConflictView, FolderWatch, PageEvent, ProposalInput, Publication, RegionCreated,
    RegionOverview, RegionStatus, RegionalTextSummary, RegionalTextView, ReportTextsInput,
    SearchInput, SearchResults, ShareResult, Sharing, SyncStatus, Upcoming, YearLetter,
};
use advieswerk::{
    ApiError, BackupName, Clock, MilestoneId, RequestId, RevisionId, SectionId, Store, TrackId,
    demo, exports, rescue, store,
};
use tauri::{Manager, State};

type Opened = Result<Arc<Mutex<Store>>, ApiError>;

/// Where the database lives, and the open store or why it could not be opened (shown by the UI
/// instead of crashing). The store is replaced when the user recovers from a damaged database.
struct AppState {
    db: Result<PathBuf, ApiError>,
    store: Arc<StoreSlot>,
    /// The one clock of this run; every store the app opens is given it.
    clock: Clock,
}

impl AppState {
    /// The store once it is open; waits while it is being opened at start.
    fn opened(&self) -> Opened {
        self.store.get()
    }

    fn replace(&self, mut store: Store) {
        store.set_clock(self.clock);
        self.store.set(Ok(Arc::new(Mutex::new(store))));
    }
}

/// The open store, or why it could not be opened; empty while the database is opened at start.
/// The database is checked and opened beside the window being built (the check reads the whole
/// file: 50–80 ms at 10,000 requests), so a command asked before then waits here.
#[derive(Default)]
struct StoreSlot {
    opened: Mutex<Option<Opened>>,
    ready: Condvar,
}

impl StoreSlot {
    fn get(&self) -> Opened {
        let mut opened = self.opened.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(o) = opened.as_ref() {
                return o.clone();
            }
            opened = self.ready.wait(opened).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// The store if it is open, without waiting for it.
    fn try_get(&self) -> Option<Opened> {
        self.opened
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set(&self, o: Opened) {
        *self.opened.lock().unwrap_or_else(|p| p.into_inner()) = Some(o);
        self.ready.notify_all();
    }
}

type Cmd<T> = Result<T, ApiError>;

/// A failure of the shell itself (a worker thread, the window, the webview) as the UI's error.
fn shell_error(e: impl std::fmt::Display) -> ApiError {
    advieswerk::Error::Io(std::io::Error::other(e.to_string())).to_api()
}

async fn with_store<T, F>(state: State<'_, AppState>, f: F) -> Cmd<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> advieswerk::Result<T> + Send + 'static,
{
    let slot = state.store.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let store = slot.get()?;
        // A panic in an earlier command must not lock the user out of their data.
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(ApiError::from)
    })
    .await
    .map_err(shell_error)?
}

#[tauri::command]
async fn app_info(state: State<'_, AppState>) -> Cmd<AppInfo> {
    with_store(state, |s| service::app_info(s, s.clock().today())).await
}

#[tauri::command]
async fn get_council(state: State<'_, AppState>) -> Cmd<Council> {
    with_store(state, |s| service::get_council(s)).await
}

#[tauri::command]
async fn save_council(state: State<'_, AppState>, input: CouncilInput) -> Cmd<Council> {
    with_store(state, move |s| service::save_council(s, &input)).await
}

#[tauri::command]
async fn meeting_series(input: MeetingSeriesInput) -> Cmd<Vec<advieswerk::NaiveDate>> {
    service::meeting_series(&input).map_err(ApiError::from)
}

#[tauri::command]
async fn register(state: State<'_, AppState>, query: RegisterQuery) -> Cmd<RegisterPage> {
    with_store(state, move |s| {
        service::register(s, &query, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn get_request(state: State<'_, AppState>, id: RequestId) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::get_request(s, &id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn create_request(state: State<'_, AppState>, input: RequestInput) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::create_request(s, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn update_request(
    state: State<'_, AppState>,
    id: RequestId,
    input: RequestInput,
) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::update_request(s, &id, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn add_step(
    state: State<'_, AppState>,
    id: RequestId,
    input: StepInput,
) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::add_step(s, &id, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn undo_step(state: State<'_, AppState>, id: RequestId) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::undo_step(s, &id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn delete_request(state: State<'_, AppState>, id: RequestId) -> Cmd<()> {
    with_store(state, move |s| service::delete_request(s, &id)).await
}

#[tauri::command]
async fn upcoming(state: State<'_, AppState>, all: bool) -> Cmd<Upcoming> {
    with_store(state, move |s| {
        service::start_screen(s, s.clock().today(), all)
    })
    .await
}

#[tauri::command]
async fn load_demo(state: State<'_, AppState>) -> Cmd<()> {
    with_store(state, |s| demo::load(s, s.clock().today())).await
}

/// Work that needs no store (rendering) still runs off the main thread.
async fn blocking<T, F>(f: F) -> Cmd<T>
where
    T: Send + 'static,
    F: FnOnce() -> advieswerk::Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || f().map_err(ApiError::from))
        .await
        .map_err(shell_error)?
}

#[tauri::command]
async fn open_advice(state: State<'_, AppState>, request_id: RequestId) -> Cmd<Advice> {
    with_store(state, move |s| service::open_advice(s, &request_id)).await
}

#[tauri::command]
async fn save_section(state: State<'_, AppState>, save: SectionSave) -> Cmd<SectionSaved> {
    with_store(state, move |s| {
        service::save_section_or_rescue(s, &save, &rescue::default_dirs())
    })
    .await
}

#[tauri::command]
async fn add_section(state: State<'_, AppState>, new: NewSection) -> Cmd<Advice> {
    with_store(state, move |s| service::add_section(s, &new)).await
}

#[tauri::command]
async fn move_section(
    state: State<'_, AppState>,
    section_id: SectionId,
    direction: Direction,
) -> Cmd<Advice> {
    with_store(state, move |s| {
        service::move_section(s, &section_id, direction)
    })
    .await
}

#[tauri::command]
async fn remove_section(state: State<'_, AppState>, section_id: SectionId) -> Cmd<Advice> {
    with_store(state, move |s| service::remove_section(s, &section_id)).await
}

#[tauri::command]
async fn restore_section(state: State<'_, AppState>, section_id: SectionId) -> Cmd<Advice> {
    with_store(state, move |s| service::restore_section(s, &section_id)).await
}

#[tauri::command]
async fn list_revisions(state: State<'_, AppState>, section_id: SectionId) -> Cmd<Vec<Revision>> {
    with_store(state, move |s| service::list_revisions(s, &section_id)).await
}

#[tauri::command]
async fn restore_revision(
    state: State<'_, AppState>,
    section_id: SectionId,
    revision_id: RevisionId,
    base_version: u32,
) -> Cmd<Section> {
    with_store(state, move |s| {
        service::restore_revision(s, &section_id, &revision_id, base_version)
    })
    .await
}

#[tauri::command]
async fn compare_revision(
    state: State<'_, AppState>,
    section_id: SectionId,
    revision_id: RevisionId,
) -> Cmd<Vec<DiffPart>> {
    with_store(state, move |s| {
        service::compare_revision(s, &section_id, &revision_id)
    })
    .await
}

#[tauri::command]
async fn render_preview(body: String) -> Cmd<Preview> {
    blocking(move || service::render_preview(&body)).await
}

#[tauri::command]
async fn timeline(state: State<'_, AppState>, query: TimelineQuery) -> Cmd<Timeline> {
    with_store(state, move |s| {
        service::timeline(s, &query, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_municipalities(
    state: State<'_, AppState>,
    list: Vec<MunicipalityInput>,
) -> Cmd<Vec<Municipality>> {
    with_store(state, move |s| service::save_municipalities(s, &list)).await
}

#[tauri::command]
async fn list_tracks(state: State<'_, AppState>) -> Cmd<Vec<Track>> {
    with_store(state, |s| service::list_tracks(s)).await
}

#[tauri::command]
async fn save_track(
    state: State<'_, AppState>,
    id: Option<TrackId>,
    input: TrackInput,
) -> Cmd<Track> {
    with_store(state, move |s| service::save_track(s, id.as_ref(), &input)).await
}

#[tauri::command]
async fn get_milestone(state: State<'_, AppState>, id: MilestoneId) -> Cmd<Milestone> {
    with_store(state, move |s| service::get_milestone(s, &id)).await
}

#[tauri::command]
async fn create_milestone(state: State<'_, AppState>, input: MilestoneInput) -> Cmd<Milestone> {
    with_store(state, move |s| service::create_milestone(s, &input)).await
}

#[tauri::command]
async fn update_milestone(
    state: State<'_, AppState>,
    id: MilestoneId,
    input: MilestoneInput,
) -> Cmd<Milestone> {
    with_store(state, move |s| service::update_milestone(s, &id, &input)).await
}

#[tauri::command]
async fn move_milestone(state: State<'_, AppState>, id: MilestoneId, to: String) -> Cmd<Milestone> {
    with_store(state, move |s| service::move_milestone(s, &id, &to)).await
}

#[tauri::command]
async fn delete_milestone(state: State<'_, AppState>, id: MilestoneId) -> Cmd<()> {
    with_store(state, move |s| service::delete_milestone(s, &id)).await
}

#[tauri::command]
async fn import_planning(
    state: State<'_, AppState>,
    csv: String,
    target: ImportTarget,
    good_rows_only: bool,
) -> Cmd<ImportReport> {
    with_store(state, move |s| {
        service::import_planning(s, &csv, &target, good_rows_only)
    })
    .await
}

#[tauri::command]
async fn save_ics(
    state: State<'_, AppState>,
    query: TimelineQuery,
    ids: Vec<String>,
) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_ics(s, &query, &ids, s.clock().today(), &exports::default_dir())
    })
    .await
}

#[tauri::command]
async fn save_timeline_image(state: State<'_, AppState>, svg: String) -> Cmd<String> {
    let today = state.clock.today();
    blocking(move || service::save_timeline_image(&svg, today, &exports::default_dir())).await
}

#[tauri::command]
async fn letter_preview(
    state: State<'_, AppState>,
    request_id: RequestId,
) -> Cmd<service::LetterPreview> {
    with_store(state, move |s| {
        service::letter_preview(s, &request_id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_letter(
    state: State<'_, AppState>,
    request_id: RequestId,
    format: service::LetterFormat,
) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_letter(
            s,
            &request_id,
            format,
            s.clock().today(),
            &exports::default_dir(),
        )
    })
    .await
}

#[tauri::command]
async fn get_letterhead(state: State<'_, AppState>) -> Cmd<Letterhead> {
    with_store(state, |s| service::get_letterhead(s)).await
}

#[tauri::command]
async fn save_letterhead(state: State<'_, AppState>, input: LetterheadInput) -> Cmd<Letterhead> {
    with_store(state, move |s| service::save_letterhead(s, &input)).await
}

#[tauri::command]
async fn save_logo(state: State<'_, AppState>, bytes: Vec<u8>) -> Cmd<Letterhead> {
    with_store(state, move |s| service::save_logo(s, &bytes)).await
}

#[tauri::command]
async fn remove_logo(state: State<'_, AppState>) -> Cmd<Letterhead> {
    with_store(state, service::remove_logo).await
}

#[tauri::command]
async fn get_letter_details(
    state: State<'_, AppState>,
    request_id: RequestId,
) -> Cmd<LetterDetails> {
    with_store(state, move |s| {
        service::get_letter_details(s, &request_id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_letter_details(
    state: State<'_, AppState>,
    input: LetterDetailsInput,
) -> Cmd<LetterDetails> {
    with_store(state, move |s| {
        service::save_letter_details(s, &input, s.clock().today())
    })
    .await
}

// What became of the advice: recommendations, the reaction, commitments, follow-up steps,
// the reminder, the annual report and the year's publication.

#[tauri::command]
async fn get_follow_up(state: State<'_, AppState>, request_id: RequestId) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::get_follow_up(s, &request_id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn extract_recommendations(
    state: State<'_, AppState>,
    request_id: RequestId,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::extract_recommendations(s, &request_id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn update_recommendation(
    state: State<'_, AppState>,
    id: String,
    input: RecommendationInput,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::update_recommendation(s, &id, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn merge_recommendation(state: State<'_, AppState>, id: String) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::merge_recommendation(s, &id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn split_recommendation(state: State<'_, AppState>, id: String, at: u32) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::split_recommendation(s, &id, at, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn record_reaction(
    state: State<'_, AppState>,
    request_id: RequestId,
    input: ReactionInput,
    letter_name: Option<String>,
    letter: Option<Vec<u8>>,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        let file = letter_name.as_deref().zip(letter.as_deref());
        service::record_reaction(s, &request_id, &input, file, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_reaction_letter(state: State<'_, AppState>, request_id: RequestId) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_reaction_letter(s, &request_id, &exports::default_dir())
    })
    .await
}

#[tauri::command]
async fn set_reaction_term(
    state: State<'_, AppState>,
    request_id: RequestId,
    days: String,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::set_reaction_term(s, &request_id, &days, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_commitment(
    state: State<'_, AppState>,
    request_id: RequestId,
    id: Option<String>,
    input: CommitmentInput,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::save_commitment(s, &request_id, id.as_deref(), &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn delete_commitment(state: State<'_, AppState>, id: String) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::delete_commitment(s, &id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn record_follow_up(
    state: State<'_, AppState>,
    request_id: RequestId,
    input: FollowUpInput,
) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::record_follow_up(s, &request_id, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn delete_follow_up(state: State<'_, AppState>, id: String) -> Cmd<FollowUp> {
    with_store(state, move |s| {
        service::delete_follow_up(s, &id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_reminder(
    state: State<'_, AppState>,
    request_id: RequestId,
    format: service::LetterFormat,
) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_reminder(
            s,
            &request_id,
            format,
            s.clock().today(),
            &exports::default_dir(),
        )
    })
    .await
}

/// Asks where to save the reminder with the desktop's save dialog, then writes it there.
#[tauri::command]
async fn save_reminder_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request_id: RequestId,
    format: service::LetterFormat,
) -> Cmd<Option<String>> {
    let id = request_id.clone();
    let suggested_name = with_store(state.clone(), move |s| {
        service::suggested_reminder_name(s, &id, format, s.clock().today())
    })
    .await?;
    let Some(path) = ask_save_path(&app, "Herinnering opslaan", &suggested_name, format).await
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        service::save_reminder_as(s, &request_id, format, s.clock().today(), &path).map(Some)
    })
    .await
}

/// Asks where to save the annual report with the desktop's save dialog, then writes it there.
#[tauri::command]
async fn save_annual_report_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    year: i32,
    format: service::LetterFormat,
) -> Cmd<Option<String>> {
    let name = service::annual_report_file_name(year, format);
    let Some(path) = ask_save_path(&app, "Jaarverslag opslaan", &name, format).await else {
        return Ok(None);
    };
    with_store(state, move |s| {
        service::save_annual_report_as(s, year, format, s.clock().today(), &path).map(Some)
    })
    .await
}

#[tauri::command]
async fn annual_report(state: State<'_, AppState>, year: i32) -> Cmd<AnnualReport> {
    with_store(state, move |s| {
        service::annual_report(s, year, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_report_texts(
    state: State<'_, AppState>,
    year: i32,
    input: ReportTextsInput,
) -> Cmd<AnnualReport> {
    with_store(state, move |s| {
        service::save_report_texts(s, year, &input, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_annual_report(
    state: State<'_, AppState>,
    year: i32,
    format: service::LetterFormat,
) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_annual_report(s, year, format, s.clock().today(), &exports::default_dir())
    })
    .await
}

#[tauri::command]
async fn publish_year(state: State<'_, AppState>, year: i32) -> Cmd<Publication> {
    with_store(state, move |s| {
        service::publish_year(s, year, s.clock().today(), &exports::default_dir())
    })
    .await
}

/// Asks where to save the letter with the desktop's own save dialog (opened here, so the page
/// never names a path), then writes it there. `None` when the user cancelled.
#[tauri::command]
async fn save_letter_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request_id: RequestId,
    format: service::LetterFormat,
) -> Cmd<Option<String>> {
    let id = request_id.clone();
    let suggested_name = with_store(state.clone(), move |s| {
        service::suggested_letter_name(s, &id, format, s.clock().today())
    })
    .await?;
    let Some(path) = ask_save_path(&app, "Brief opslaan", &suggested_name, format).await else {
        return Ok(None);
    };
    with_store(state, move |s| {
        service::save_letter_as(s, &request_id, format, s.clock().today(), &path).map(Some)
    })
    .await
}

/// Asks where to save a regional text (its version and the councils that adopted it) with
/// the desktop's save dialog, then writes it there. `None` when the user cancelled.
#[tauri::command]
async fn save_regional_text_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    text_id: String,
    format: service::LetterFormat,
) -> Cmd<Option<String>> {
    let id = text_id.clone();
    let suggested_name = with_store(state.clone(), move |s| {
        service::suggested_regional_name(s, &id, format)
    })
    .await?;
    let Some(path) = ask_save_path(&app, "Regionale tekst opslaan", &suggested_name, format).await
    else {
        return Ok(None);
    };
    with_store(state, move |s| {
        service::save_regional_text_as(s, &text_id, format, s.clock().today(), &path).map(Some)
    })
    .await
}

/// The desktop's save dialog, opened here so the page never names a path: the export folder,
/// the suggested name and the format's filter. `None` when the user cancelled.
async fn ask_save_path(
    app: &tauri::AppHandle,
    title: &str,
    suggested_name: &str,
    format: service::LetterFormat,
) -> Option<PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = futures_channel::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_directory(exports::default_dir())
        .set_file_name(suggested_name)
        .add_filter(format_label(format), &[format.extension()])
        .save_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

fn format_label(format: service::LetterFormat) -> &'static str {
    match format {
        service::LetterFormat::Docx => "Word-document",
        service::LetterFormat::Pdf => "PDF/A-document",
        service::LetterFormat::Html => "Webpagina",
    }
}

#[tauri::command]
async fn letters_of_year(state: State<'_, AppState>, year: i32) -> Cmd<Vec<YearLetter>> {
    with_store(state, move |s| {
        service::letters_of_year(s, year, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn save_year_letter(
    state: State<'_, AppState>,
    request_id: RequestId,
    format: service::LetterFormat,
) -> Cmd<String> {
    with_store(state, move |s| {
        service::save_year_letter(
            s,
            &request_id,
            format,
            s.clock().today(),
            &exports::default_dir(),
        )
    })
    .await
}

/// The UI has saved what it held after a close request: close for real.
/// The shared-folder state of this run, beside the store (always locked after it).
#[derive(Default)]
struct SharingState(Arc<Mutex<Sharing>>);

async fn with_sharing<T, F>(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    f: F,
) -> Cmd<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &mut Sharing) -> advieswerk::Result<T> + Send + 'static,
{
    let sharing = sharing.0.clone();
    with_store(state, move |s| {
        let mut guard = sharing.lock().unwrap_or_else(|p| p.into_inner());
        f(s, &mut guard)
    })
    .await
}

#[tauri::command]
async fn sync_status(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
) -> Cmd<SyncStatus> {
    with_sharing(state, sharing, |s, sh| service::sync_status(s, sh)).await
}

#[tauri::command]
async fn sync_now(state: State<'_, AppState>, sharing: State<'_, SharingState>) -> Cmd<SyncStatus> {
    with_sharing(state, sharing, service::sync_round).await
}

#[tauri::command]
async fn share_council(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    folder: String,
    member: String,
) -> Cmd<ShareResult> {
    with_sharing(state, sharing, move |s, sh| {
        service::share_council(s, sh, std::path::Path::new(&folder), &member)
    })
    .await
}

#[tauri::command]
async fn join_council(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    folder: String,
    passphrase: String,
    member: String,
    replace: bool,
) -> Cmd<SyncStatus> {
    with_sharing(state, sharing, move |s, sh| {
        service::join_council(
            s,
            sh,
            std::path::Path::new(&folder),
            &passphrase,
            &member,
            replace,
        )
    })
    .await
}

#[tauri::command]
async fn leave_council(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    anyway: bool,
) -> Cmd<SyncStatus> {
    with_sharing(state, sharing, move |s, sh| {
        service::leave_council(s, sh, anyway)
    })
    .await
}

#[tauri::command]
async fn sync_passphrase(state: State<'_, AppState>) -> Cmd<Option<String>> {
    with_store(state, |s| service::passphrase(s)).await
}

#[tauri::command]
async fn set_sync_member(state: State<'_, AppState>, member: String) -> Cmd<SyncStatus> {
    with_store(state, move |s| service::set_member(s, &member)).await
}

#[tauri::command]
async fn list_conflicts(
    state: State<'_, AppState>,
    table: Option<String>,
    record_id: Option<String>,
) -> Cmd<Vec<FieldConflictView>> {
    with_store(state, move |s| {
        service::list_conflicts(s, table.as_deref().zip(record_id.as_deref()))
    })
    .await
}

#[tauri::command]
async fn choose_conflict_value(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    table: String,
    record_id: String,
    field: String,
    choice: usize,
) -> Cmd<Vec<FieldConflictView>> {
    with_sharing(state, sharing, move |s, sh| {
        service::choose_value(s, sh, &table, &record_id, &field, choice)
    })
    .await
}

#[tauri::command]
async fn region_status(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
) -> Cmd<RegionStatus> {
    with_sharing(state, sharing, |s, sh| service::region_status(s, sh)).await
}

#[tauri::command]
async fn create_region(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    folder: String,
    council_name: String,
    municipality: String,
) -> Cmd<RegionCreated> {
    with_sharing(state, sharing, move |s, sh| {
        service::create_region(
            s,
            sh,
            std::path::Path::new(&folder),
            &council_name,
            &municipality,
        )
    })
    .await
}

#[tauri::command]
async fn join_region(
    state: State<'_, AppState>,
    sharing: State<'_, SharingState>,
    folder: String,
    passphrase: String,
    council_name: String,
    municipality: String,
) -> Cmd<RegionStatus> {
    with_sharing(state, sharing, move |s, sh| {
        service::join_region(
            s,
            sh,
            std::path::Path::new(&folder),
            &passphrase,
            &council_name,
            &municipality,
        )
    })
    .await
}

#[tauri::command]
async fn region_passphrase(state: State<'_, AppState>) -> Cmd<Option<String>> {
    with_store(state, |s| service::region_passphrase(s)).await
}

#[tauri::command]
async fn list_regional_texts(state: State<'_, AppState>) -> Cmd<Vec<RegionalTextSummary>> {
    with_store(state, |s| service::list_regional_texts(s)).await
}

#[tauri::command]
async fn get_regional_text(state: State<'_, AppState>, id: String) -> Cmd<RegionalTextView> {
    with_store(state, move |s| service::get_regional_text(s, &id)).await
}

#[tauri::command]
async fn region_overview(state: State<'_, AppState>) -> Cmd<RegionOverview> {
    with_store(state, |s| service::region_overview(s)).await
}

#[tauri::command]
async fn share_section(
    state: State<'_, AppState>,
    section_id: SectionId,
    title: String,
) -> Cmd<RegionalTextView> {
    with_store(state, move |s| {
        service::share_section(s, &section_id, &title)
    })
    .await
}

#[tauri::command]
async fn use_regional_text(
    state: State<'_, AppState>,
    section_id: SectionId,
    text_id: String,
) -> Cmd<()> {
    with_store(state, move |s| {
        service::use_regional_text(s, &section_id, &text_id)
    })
    .await
}

#[tauri::command]
async fn unlink_section(state: State<'_, AppState>, section_id: SectionId) -> Cmd<()> {
    with_store(state, move |s| service::unlink_section(s, &section_id)).await
}

#[tauri::command]
async fn propose_change(state: State<'_, AppState>, input: ProposalInput) -> Cmd<RegionalTextView> {
    with_store(state, move |s| service::propose_change(s, &input)).await
}

#[tauri::command]
async fn decide_proposal(
    state: State<'_, AppState>,
    proposal_id: String,
    accept: bool,
) -> Cmd<RegionalTextView> {
    with_store(state, move |s| {
        service::decide_proposal(s, &proposal_id, accept)
    })
    .await
}

#[tauri::command]
async fn adopt_new_version(state: State<'_, AppState>, section_id: SectionId) -> Cmd<()> {
    with_store(state, move |s| {
        service::adopt_new_version(s, &section_id, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn keep_own_version(state: State<'_, AppState>, section_id: SectionId) -> Cmd<()> {
    with_store(state, move |s| service::keep_own_version(s, &section_id)).await
}

/// The desktop's folder dialog for the shared folder; `None` when cancelled.
#[tauri::command]
async fn choose_sync_folder(app: tauri::AppHandle) -> Cmd<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = futures_channel::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Gedeelde map kiezen")
        .pick_folder(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    Ok(rx.await.ok().flatten().map(|p| p.display().to_string()))
}

/// How often a shared council looks for local changes to send and for files in the folder.
/// Local changes go out within this plus a round's time (well inside the 2 s asked); the
/// folder is read at the next tick after a file lands in it (`FolderWatch`), and every
/// `FOLDER_EVERY` ticks all the same: network shares and some sync clients send no events.
const SYNC_TICK: std::time::Duration = std::time::Duration::from_millis(700);
const FOLDER_EVERY: u32 = 3;

/// Runs sync rounds in the background while the council is shared, and tells the page
/// (`PageEvents`): the status when what it says changed, and that other members' changes
/// were taken in, so open screens reload.
fn keep_in_sync(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let mut tick = 0u32;
        let mut last_summary = String::new();
        let mut watch: Option<FolderWatch> = None;
        loop {
            std::thread::sleep(SYNC_TICK);
            tick = tick.wrapping_add(1);
            let state = app.state::<AppState>();
            let Ok(store) = state.opened() else { continue };
            let sharing = app.state::<SharingState>().0.clone();
            let status = {
                let mut s = store.lock().unwrap_or_else(|p| p.into_inner());
                let mut sh = sharing.lock().unwrap_or_else(|p| p.into_inner());
                let Ok(Some(space)) = s.get_space() else {
                    watch = None;
                    // A council on one desktop may still be in a region: its folder is
                    // polled.
                    if matches!(s.get_region(), Ok(Some(_))) && tick.is_multiple_of(FOLDER_EVERY) {
                        let status = service::background_round(&mut s, &mut sh);
                        drop(sh);
                        drop(s);
                        if let Ok(status) = status
                            && status.received > 0
                        {
                            tell(&app, PageEvent::SyncChanged(status));
                        }
                    }
                    continue;
                };
                if watch.as_ref().is_none_or(|w| w.dir() != space.folder) {
                    watch = FolderWatch::start(&space.folder);
                }
                let landed = watch.as_ref().is_some_and(FolderWatch::take_changed);
                let pending = s.count_outbox().unwrap_or(0) > 0;
                if !(pending || landed || tick.is_multiple_of(FOLDER_EVERY)) {
                    continue;
                }
                service::background_round(&mut s, &mut sh)
            };
            match status {
                Ok(status) => {
                    if status.summary != last_summary || status.received > 0 {
                        last_summary = status.summary.clone();
                        tell(
                            &app,
                            if status.received > 0 {
                                PageEvent::SyncChanged(status)
                            } else {
                                PageEvent::SyncStatus(status)
                            },
                        );
                    }
                }
                Err(e) => eprintln!("advieswerk: sync round failed: {e}"),
            }
        }
    });
}

#[tauri::command]
fn close_window(window: tauri::Window) -> Cmd<()> {
    window.destroy().map_err(shell_error)
}

#[tauri::command]
async fn backups(state: State<'_, AppState>) -> Cmd<BackupOverview> {
    with_store(state, |s| service::backups(s)).await
}

#[tauri::command]
async fn make_backup(state: State<'_, AppState>) -> Cmd<BackupOverview> {
    with_store(state, |s| service::make_backup(s)).await
}

#[tauri::command]
async fn restore_backup(state: State<'_, AppState>, file_name: BackupName) -> Cmd<BackupInfo> {
    with_store(state, move |s| service::restore_backup(s, &file_name)).await
}

#[tauri::command]
async fn recovery_status(state: State<'_, AppState>) -> Cmd<Recovery> {
    let db = state.db.clone()?;
    blocking(move || service::recovery_status(&db)).await
}

#[tauri::command]
async fn recover_from_backup(state: State<'_, AppState>, file_name: BackupName) -> Cmd<()> {
    let db = state.db.clone()?;
    let store = blocking(move || service::recover_from_backup(&db, &file_name)).await?;
    state.replace(store);
    Ok(())
}

#[tauri::command]
async fn start_empty(state: State<'_, AppState>) -> Cmd<()> {
    let db = state.db.clone()?;
    let store = blocking(move || service::start_empty(&db)).await?;
    state.replace(store);
    Ok(())
}

/// How long the UI gets to save what was typed in the last moments before the window closes.
const CLOSE_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// A close request is held back once so the editors can save (autosave waits up to 1.5 s after
/// typing); the UI answers with `close_window`, or the window closes after `CLOSE_GRACE`.
fn on_window_event(window: &tauri::Window, event: &tauri::WindowEvent) {
    if let tauri::WindowEvent::CloseRequested { api, .. } = event {
        let asked = window.state::<CloseAsked>();
        if asked.0.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return; // second request (or our own destroy): let it close
        }
        api.prevent_close();
        tell(window.app_handle(), PageEvent::CloseRequested);
        let w = window.clone();
        std::thread::spawn(move || {
            std::thread::sleep(CLOSE_GRACE);
            let _ = w.destroy();
        });
    }
}

#[derive(Default)]
struct CloseAsked(std::sync::atomic::AtomicBool);

/// What the shell has to tell the page, waiting until the page asks (`next_event`); the page
/// keeps one such request open at all times. Not Tauri's events: those reach the page by running
/// a script in it, and the first script run brought up a JavaScript engine in the window
/// process as well, for as long as it ran (about 6 MB, and work on the main thread while the
/// first screen loads; measured with the start-up bench). An answer to a command comes back
/// the way every answer does.
#[derive(Default)]
struct PageEvents {
    waiting: Mutex<std::collections::VecDeque<PageEvent>>,
    added: tokio::sync::Notify,
}

impl PageEvents {
    fn tell(&self, event: PageEvent) {
        service::queue_event(
            &mut self.waiting.lock().unwrap_or_else(|p| p.into_inner()),
            event,
        );
        // Kept as a permit when the page is not asking at this moment.
        self.added.notify_one();
    }

    async fn next(&self) -> PageEvent {
        loop {
            let added = self.added.notified();
            if let Some(event) = self
                .waiting
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop_front()
            {
                return event;
            }
            added.await;
        }
    }
}

fn tell(app: &tauri::AppHandle, event: PageEvent) {
    app.state::<PageEvents>().tell(event);
}

/// Answers with the next thing the shell has to tell the page, once there is one.
#[tauri::command]
async fn next_event(events: State<'_, PageEvents>) -> Cmd<PageEvent> {
    Ok(events.next().await)
}

/// The app's state before its database is opened: the clock and where the database lives.
fn app_state() -> AppState {
    // A test build may be given its time (`ADVIESWERK_CLOCK`); one it cannot read stops the
    // start rather than run on the real date unnoticed.
    let clock = Clock::from_env().unwrap_or_else(|why| {
        eprintln!("advieswerk: {why}");
        std::process::exit(2)
    });
    AppState {
        db: store::default_db_path().map_err(|e| advieswerk::Error::from(e).to_api()),
        store: Arc::default(),
        clock,
    }
}

/// Opens the database on a thread of its own while the window and its web process start; the
/// first command waits for it.
fn open_store(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    let (slot, db, clock) = (state.store.clone(), state.db.clone(), state.clock);
    std::thread::spawn(move || {
        let opened = db.and_then(|path| {
            service::open_database(&path)
                .map(|mut s| {
                    s.set_clock(clock);
                    Arc::new(Mutex::new(s))
                })
                .map_err(|e| {
                    eprintln!("advieswerk: cannot open {}: {e}", path.display());
                    e.to_api()
                })
        });
        slot.set(opened);
    });
}

/// How often an open app checks whether the day's backup is due (it may stay open overnight).
const BACKUP_CHECK: std::time::Duration = std::time::Duration::from_secs(3600);

/// The name and request of a file sent as raw bytes (headers `x-file-name`, percent-encoded,
/// and `x-request-id`), and the bytes.
fn raw_file(request: &tauri::ipc::Request<'_>) -> Result<(String, String, Vec<u8>), ApiError> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .unwrap_or_default()
    };
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(advieswerk::Error::validation("file", "Er kwam geen bestand mee.").to_api());
    };
    Ok((header("x-file-name"), header("x-request-id"), bytes.clone()))
}

/// Adds a file (and an e-mail's attachments) to a request. Reading the file's text runs on a
/// blocking thread without holding the store, so the app goes on answering meanwhile.
#[tauri::command]
async fn add_documents(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Cmd<DocumentsAdded> {
    let (name, request_id, bytes) = raw_file(&request)?;
    let (files, skipped) =
        tauri::async_runtime::spawn_blocking(move || service::read_files(&name, bytes))
            .await
            .map_err(shell_error)?;
    with_store(state, move |s| {
        service::store_files(s, &request_id.into(), files, skipped, s.clock().today())
    })
    .await
}

#[tauri::command]
async fn list_documents(
    state: State<'_, AppState>,
    request_id: RequestId,
) -> Cmd<Vec<DocumentInfo>> {
    with_store(state, move |s| service::list_documents(s, &request_id)).await
}

#[tauri::command]
async fn delete_document(state: State<'_, AppState>, id: String) -> Cmd<Vec<DocumentInfo>> {
    with_store(state, move |s| service::delete_document(s, &id)).await
}

/// Opens a copy of the document in the system's viewer (the stored file is never handed out).
#[tauri::command]
async fn open_document(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Cmd<String> {
    use tauri_plugin_opener::OpenerExt;
    let dir = std::env::temp_dir().join("advieswerk-documenten");
    let path = with_store(state, move |s| service::document_copy(s, &id, &dir)).await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(shell_error)?;
    Ok(path.display().to_string())
}

/// A new request's fields from an e-mail dropped on the register (raw bytes, `x-file-name`).
#[tauri::command]
async fn read_email(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Cmd<EmailDraft> {
    let (name, _, bytes) = raw_file(&request)?;
    let today = state.clock.today();
    blocking(move || service::read_email(&name, &bytes, today)).await
}

#[tauri::command]
async fn search(state: State<'_, AppState>, input: SearchInput) -> Cmd<SearchResults> {
    with_store(state, move |s| service::search(s, &input)).await
}

/// How long background upkeep (the search index, the day's backup) waits after start: until then
/// the two cores of a modest machine belong to the window and its first screen. Measured: the
/// index check and a backup's copy of a 40 MB database beside the start slowed the first screen
/// by tens of ms and held the store while the first screen asked for its data.
const AFTER_START: std::time::Duration = std::time::Duration::from_secs(3);

/// Brings the search index up to date after start (after an upgrade it indexes everything the
/// database already held) in small steps, so commands are answered between them. A search asked
/// meanwhile brings the index up to date itself first.
fn keep_search_index(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(AFTER_START);
        loop {
            let state = app.state::<AppState>();
            let Ok(store) = state.opened() else { return };
            let left = {
                let mut s = store.lock().unwrap_or_else(|p| p.into_inner());
                service::refresh_search(&mut s, 200)
            };
            memory::worked();
            match left {
                Ok(0) => return,
                Ok(_) => std::thread::yield_now(),
                Err(e) => {
                    eprintln!("advieswerk: search index: {e}");
                    return;
                }
            }
        }
    });
}

/// Takes the day's backup shortly after start and then once an hour if the day changed, on a
/// connection of its own: saving goes on meanwhile.
fn keep_daily_backups(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(AFTER_START);
        loop {
            let state = app.state::<AppState>();
            if let (Ok(db), Ok(_)) = (&state.db, state.opened())
                && let Err(e) = service::daily_backup(db, state.clock.now())
            {
                eprintln!("advieswerk: daily backup failed: {e}");
            }
            memory::worked();
            std::thread::sleep(BACKUP_CHECK);
        }
    });
}

/// A second start of the app hands over to this one: its window comes to the front.
fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// WebKitGTK leaves spell-checking off unless asked; the editor marks its text as Dutch
/// (`lang="nl"`, `spellcheck`) and the page asks for this once an editor has shown (the UI's
/// `spellcheck.ts`). Not done at start: the Dutch dictionary is about 17 MB in the window
/// process, which the register and the planning do not need. The first load in a run takes
/// longer (enchant reads its providers); a load after `release_spellcheck` about 50 ms. Answers
/// the dictionaries in use: none without a Dutch one.
#[tauri::command]
async fn enable_spellcheck(window: tauri::WebviewWindow) -> Cmd<Vec<String>> {
    spellcheck(window, Dictionary::Load).await
}

/// Lets go of the Dutch dictionary: the page asks a while after its last editor closed. WebKit
/// frees the dictionaries it holds only when given other languages, and loads the system's
/// language for an empty list, so it is given `zxx` ("no linguistic content"), for which no
/// dictionary exists. The freed memory goes back to the system with the allocator's next trim
/// (`memory.rs`). Answers the dictionaries in use: none.
#[tauri::command]
async fn release_spellcheck(window: tauri::WebviewWindow) -> Cmd<Vec<String>> {
    spellcheck(window, Dictionary::LetGo).await
}

/// The spell-checking dictionaries the window holds now, changing nothing.
#[tauri::command]
async fn spellcheck_in_use(window: tauri::WebviewWindow) -> Cmd<Vec<String>> {
    spellcheck(window, Dictionary::Keep).await
}

/// What a spell-checking command does with the Dutch dictionary.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
enum Dictionary {
    Load,
    LetGo,
    Keep,
}

/// Does `what` on the window's web context on the main thread (where WebKit must be called) and
/// answers the spell-checking languages in use after it.
#[cfg(target_os = "linux")]
async fn spellcheck(window: tauri::WebviewWindow, what: Dictionary) -> Cmd<Vec<String>> {
    use webkit2gtk::{WebContextExt, WebViewExt};
    let (tx, rx) = futures_channel::oneshot::channel();
    window
        .with_webview(move |webview| {
            let Some(context) = webview.inner().context() else {
                let _ = tx.send(Vec::new());
                return;
            };
            let held = !context.spell_checking_languages().is_empty();
            match what {
                Dictionary::Load if !held => {
                    context.set_spell_checking_enabled(true);
                    // One dictionary, not both: on Debian `nl_NL` and `nl` are the same files,
                    // and WebKit loads every language it is given that exists (asking for both
                    // held the Dutch dictionary twice, 17 MB more in the window process).
                    for language in ["nl_NL", "nl"] {
                        context.set_spell_checking_languages(&[language]);
                        if !context.spell_checking_languages().is_empty() {
                            break;
                        }
                    }
                }
                Dictionary::LetGo if held => {
                    context.set_spell_checking_languages(&["zxx"]);
                    context.set_spell_checking_enabled(false);
                }
                _ => {}
            }
            let in_use = context.spell_checking_languages();
            let _ = tx.send(in_use.iter().map(|l| l.to_string()).collect());
        })
        .map_err(shell_error)?;
    Ok(rx.await.unwrap_or_default())
}

/// Elsewhere the platform's webview keeps its own spell-checker.
#[cfg(not(target_os = "linux"))]
async fn spellcheck(window: tauri::WebviewWindow, _what: Dictionary) -> Cmd<Vec<String>> {
    let _ = window;
    Ok(Vec::new())
}

/// The window, as `tauri.conf.json` describes it (`create: false` there, so it is made here): on
/// Linux with the web-process extension that keeps WebKit from holding every form control a
/// screen drew (`webkit/extension.c`).
fn open_main_window(app: &tauri::AppHandle) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .expect("tauri.conf.json describes the main window")
        .clone();
    let builder = tauri::WebviewWindowBuilder::from_config(app, &config)?;
    #[cfg(target_os = "linux")]
    let builder = match app
        .path()
        .app_cache_dir()
        .ok()
        .and_then(|cache| webkit_extension::folder(&cache))
    {
        Some(folder) => builder.extensions_path(folder),
        None => builder,
    };
    builder.build()?;
    Ok(())
}

/// Lets the database's page cache go while the window is idle; skipped when a command holds the
/// store (work has resumed: the next pause comes soon enough).
fn release_page_cache(slot: &StoreSlot) {
    let Some(Ok(store)) = slot.try_get() else {
        return;
    };
    let store = match store.try_lock() {
        Ok(s) => s,
        // As every command does: a panic in an earlier one leaves the store usable.
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
        Err(std::sync::TryLockError::WouldBlock) => return,
    };
    if let Err(e) = store.release_memory() {
        eprintln!("advieswerk: page cache not released: {e}");
    }
}

/// Every command counts as work, so what it freed is given back once the window is idle.
fn with_memory_given_back(
    handler: impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    move |invoke| {
        memory::worked();
        handler(invoke)
    }
}

pub fn run() {
    tauri::Builder::default()
        // First, so a second start hands over before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main_window(app)
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // The database is opened in setup, after the single-instance check, so a second start
        // never touches it.
        .setup(|app| {
            open_store(app.handle());
            open_main_window(app.handle())?;
            keep_daily_backups(app.handle().clone());
            keep_search_index(app.handle().clone());
            keep_in_sync(app.handle().clone());
            let slot = app.state::<AppState>().store.clone();
            memory::give_back_when_idle(memory::QUIET, move || release_page_cache(&slot));
            Ok(())
        })
        .manage(app_state())
        .manage(CloseAsked::default())
        .manage(PageEvents::default())
        .manage(SharingState::default())
        .on_window_event(on_window_event)
        .invoke_handler(with_memory_given_back(tauri::generate_handler![
            app_info,
            next_event,
            add_documents,
            list_documents,
            delete_document,
            open_document,
            read_email,
            search,
            get_council,
            save_council,
            meeting_series,
            register,
            get_request,
            create_request,
            update_request,
            add_step,
            undo_step,
            delete_request,
            upcoming,
            load_demo,
            open_advice,
            save_section,
            add_section,
            move_section,
            remove_section,
            restore_section,
            list_revisions,
            restore_revision,
            compare_revision,
            render_preview,
            close_window,
            enable_spellcheck,
            release_spellcheck,
            spellcheck_in_use,
            timeline,
            save_municipalities,
            list_tracks,
            save_track,
            get_milestone,
            create_milestone,
            update_milestone,
            move_milestone,
            delete_milestone,
            import_planning,
            save_ics,
            save_timeline_image,
            letter_preview,
            save_letter,
            get_letterhead,
            save_letterhead,
            save_logo,
            remove_logo,
            get_letter_details,
            save_letter_details,
            save_letter_as,
            get_follow_up,
            extract_recommendations,
            update_recommendation,
            merge_recommendation,
            split_recommendation,
            record_reaction,
            save_reaction_letter,
            set_reaction_term,
            save_commitment,
            delete_commitment,
            record_follow_up,
            delete_follow_up,
            save_reminder,
            save_reminder_as,
            save_annual_report_as,
            annual_report,
            save_report_texts,
            save_annual_report,
            publish_year,
            letters_of_year,
            save_year_letter,
            backups,
            make_backup,
            restore_backup,
            recovery_status,
            recover_from_backup,
            start_empty,
            sync_status,
            sync_now,
            share_council,
            join_council,
            leave_council,
            sync_passphrase,
            set_sync_member,
            choose_sync_folder,
            list_conflicts,
            choose_conflict_value,
            region_status,
            create_region,
            join_region,
            region_passphrase,
            list_regional_texts,
            get_regional_text,
            region_overview,
            share_section,
            use_regional_text,
            unlink_section,
            propose_change,
            decide_proposal,
            adopt_new_version,
            keep_own_version,
            save_regional_text_as
        ]))
        .run(tauri::generate_context!())
        .expect("error while running Advieswerk");
}
