//! The council's own profile and what the app says about itself: the settings screen and the
//! start-up information.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::council::{self, Council, CouncilInput, MeetingSeriesInput};
use crate::error::Result;
use crate::store::Store;

/// What the app shows about its own state (start-up, settings, welcome screen).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub db_path: String,
    pub schema_version: u32,
    pub request_count: u32,
    /// False until the council's name is filled in; with no requests, the app offers example data.
    pub council_named: bool,
    pub installation_id: String,
    pub today: NaiveDate,
    /// The app's clock now: the page keeps its dates by it.
    pub now: DateTime<Utc>,
}

pub fn app_info(store: &Store, today: NaiveDate) -> Result<AppInfo> {
    let council = store.get_council()?;
    Ok(AppInfo {
        db_path: store.path().display().to_string(),
        schema_version: store.schema_version()?,
        request_count: store.count_requests()?,
        council_named: !council.name.is_empty(),
        installation_id: store.installation_id().to_owned(),
        today,
        now: store.clock().now(),
    })
}

/// The dates of a series of plenary meetings, for the settings form to add (they are saved
/// with the rest of the form, and can be moved or removed one by one before that).
pub fn meeting_series(input: &MeetingSeriesInput) -> Result<Vec<NaiveDate>> {
    Ok(council::meeting_series(input)?)
}

pub fn get_council(store: &Store) -> Result<Council> {
    Ok(store.get_council()?)
}

pub fn save_council(store: &mut Store, input: &CouncilInput) -> Result<Council> {
    let valid = council::validate(input, crate::store::ids::new_id)?;
    store.upsert_council(&valid)?;
    Ok(store.get_council()?)
}
