//! The Tauri shell: opens the store and exposes the core's use cases as commands. Every command
//! is a one-line adapter over `advieswerk::service`; no business rule lives here. Store work
//! runs on a blocking thread so the window's main thread never waits on the disk.

use std::sync::{Arc, Mutex};

use advieswerk::council::{Council, CouncilInput};
use advieswerk::request::{AdviceRequest, RegisterPage, RegisterQuery, RequestInput, StepInput};
use advieswerk::service::{self, AppInfo, Upcoming};
use advieswerk::{ApiError, Store, demo, store};
use tauri::State;

/// The open store, or why it could not be opened (shown by the UI instead of crashing).
struct AppState(Result<Arc<Mutex<Store>>, ApiError>);

type Cmd<T> = Result<T, ApiError>;

async fn with_store<T, F>(state: State<'_, AppState>, f: F) -> Cmd<T>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> advieswerk::Result<T> + Send + 'static,
{
    let store = state.0.clone()?;
    tauri::async_runtime::spawn_blocking(move || {
        // A panic in an earlier command must not lock the user out of their data.
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(ApiError::from)
    })
    .await
    .map_err(|e| advieswerk::Error::Io(std::io::Error::other(e.to_string())).to_api())?
}

#[tauri::command]
async fn app_info(state: State<'_, AppState>) -> Cmd<AppInfo> {
    with_store(state, |s| service::app_info(s, service::today())).await
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
async fn register(state: State<'_, AppState>, query: RegisterQuery) -> Cmd<RegisterPage> {
    with_store(state, move |s| {
        service::register(s, &query, service::today())
    })
    .await
}

#[tauri::command]
async fn get_request(state: State<'_, AppState>, id: String) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::get_request(s, &id, service::today())
    })
    .await
}

#[tauri::command]
async fn create_request(state: State<'_, AppState>, input: RequestInput) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::create_request(s, &input, service::today())
    })
    .await
}

#[tauri::command]
async fn update_request(
    state: State<'_, AppState>,
    id: String,
    input: RequestInput,
) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::update_request(s, &id, &input, service::today())
    })
    .await
}

#[tauri::command]
async fn add_step(state: State<'_, AppState>, id: String, input: StepInput) -> Cmd<AdviceRequest> {
    with_store(state, move |s| {
        service::add_step(s, &id, &input, service::today())
    })
    .await
}

#[tauri::command]
async fn undo_step(state: State<'_, AppState>, id: String) -> Cmd<AdviceRequest> {
    with_store(state, move |s| service::undo_step(s, &id, service::today())).await
}

#[tauri::command]
async fn delete_request(state: State<'_, AppState>, id: String) -> Cmd<()> {
    with_store(state, move |s| service::delete_request(s, &id)).await
}

#[tauri::command]
async fn upcoming(state: State<'_, AppState>) -> Cmd<Upcoming> {
    with_store(state, |s| service::upcoming(s, service::today())).await
}

#[tauri::command]
async fn load_demo(state: State<'_, AppState>) -> Cmd<()> {
    with_store(state, |s| demo::load(s, service::today())).await
}

fn open_store() -> Result<Arc<Mutex<Store>>, ApiError> {
    let path = store::default_db_path().map_err(|e| e.to_api())?;
    Store::open(&path)
        .map(|s| Arc::new(Mutex::new(s)))
        .map_err(|e| {
            eprintln!("advieswerk: cannot open {}: {e}", path.display());
            e.to_api()
        })
}

pub fn run() {
    tauri::Builder::default()
        .manage(AppState(open_store()))
        .invoke_handler(tauri::generate_handler![
            app_info,
            get_council,
            save_council,
            register,
            get_request,
            create_request,
            update_request,
            add_step,
            undo_step,
            delete_request,
            upcoming,
            load_demo
        ])
        .run(tauri::generate_context!())
        .expect("error while running Advieswerk");
}
