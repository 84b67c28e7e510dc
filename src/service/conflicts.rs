//! Fields two members set while apart ("Tegelijk gewijzigd"): the values side by side with who
//! set them and when, and a member's choice between them, which reaches every member as a
//! change that has seen all values and so settles the field everywhere.

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::sync::replica::Value;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::sharing::FieldConflict;

use super::sharing::Sharing;
use crate::RequestId;

/// One value standing beside others.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictChoice {
    /// The value as a member reads it: names for ids, "ja"/"nee", Dutch dates.
    pub shown: String,
    pub member: String,
    pub at: DateTime<Utc>,
}

/// A field set side by side, for the request it belongs to and for the Samenwerken list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldConflictView {
    pub table: String,
    pub record_id: String,
    pub field: String,
    /// The field's Dutch label ("Onderwerp").
    pub label: String,
    /// Which record, in Dutch ("Adviesaanvraag Wmo-beleid 2027").
    pub record: String,
    pub choices: Vec<ConflictChoice>,
}

/// Every field set side by side, or only those of one record (`table`, `id`).
pub fn list_conflicts(
    store: &Store,
    record: Option<(&str, &str)>,
) -> Result<Vec<FieldConflictView>> {
    let conflicts = store.list_field_conflicts(record)?;
    // The sync status asks after every round; the council (for names of ids) only when needed.
    if conflicts.is_empty() {
        return Ok(Vec::new());
    }
    let council = store.get_council().ok();
    Ok(conflicts
        .into_iter()
        .map(|c| view(store, council.as_ref(), c))
        .collect())
}

/// A member picks value `choice` (an index into the view's choices) for a field set side by
/// side. Picking means having seen every value: the field is settled here and, once the
/// choice reaches them, at every member.
pub fn choose_value(
    store: &mut Store,
    sharing: &mut Sharing,
    table: &str,
    record_id: &str,
    field: &str,
    choice: usize,
) -> Result<Vec<FieldConflictView>> {
    let conflict = store
        .list_field_conflicts(Some((table, record_id)))?
        .into_iter()
        .find(|c| c.field == field)
        .ok_or_else(|| {
            Error::validation(
                "field",
                "Deze keuze is al gemaakt, hier of door een ander lid.",
            )
        })?;
    let Some(write) = conflict.writes.get(choice) else {
        return Err(Error::validation(
            "choice",
            "Kies een van de getoonde waarden.",
        ));
    };
    let member = store.get_space()?.map(|s| s.member).unwrap_or_default();
    let at = store.clock().now().timestamp();
    let value = write.value.clone();
    store.choose_field_value(&mut sharing.docs, at, &member, &conflict, &value)?;
    list_conflicts(store, Some((table, record_id)))
}

fn view(
    store: &Store,
    council: Option<&crate::council::Council>,
    c: FieldConflict,
) -> FieldConflictView {
    let choices = c
        .writes
        .iter()
        .map(|w| ConflictChoice {
            shown: shown(council, &c.field, &w.value),
            member: if w.member.is_empty() {
                "een lid".into()
            } else {
                w.member.clone()
            },
            at: DateTime::from_timestamp(w.at_unix, 0).unwrap_or_default(),
        })
        .collect();
    FieldConflictView {
        label: label(&c.table, &c.field),
        record: record_name(store, &c.table, &c.record_id),
        table: c.table,
        record_id: c.record_id,
        field: c.field,
        choices,
    }
}

fn record_name(store: &Store, table: &str, id: &str) -> String {
    match table {
        "advice_request" => store
            .get_request(&RequestId::from(id))
            .map(|r| format!("Adviesaanvraag {}", r.subject))
            .unwrap_or_else(|_| "Adviesaanvraag".into()),
        "milestone" => "Mijlpaal".into(),
        "track" => "Planning".into(),
        "letter_details" => "Briefgegevens".into(),
        "council" | "letterhead" => "Raad".into(),
        "meeting" => "Vergadering".into(),
        _ => table.replace('_', " "),
    }
}

/// The Dutch label of a field, as the forms show it.
fn label(table: &str, field: &str) -> String {
    let l = match (table, field) {
        (_, "subject") => "Onderwerp",
        (_, "requester") => "Aanvrager",
        (_, "kind") => "Soort",
        (_, "theme_id") => "Thema",
        (_, "working_group_id") => "Werkgroep",
        (_, "received_on") => "Ontvangen op",
        (_, "requested_by") => "Advies gevraagd vóór",
        (_, "municipality_reference") => "Kenmerk gemeente",
        (_, "case_number") => "Zaaknummer",
        (_, "our_reference") => "Ons kenmerk",
        (_, "confidential") => "Vertrouwelijk",
        (_, "title") => "Titel",
        (_, "name") => "Naam",
        (_, "starts_on") => "Begindatum",
        (_, "ends_on") => "Einddatum",
        (_, "on_date") => "Datum",
        (_, "kind_code") => "Soort",
        _ => return field.replace('_', " "),
    };
    l.to_owned()
}

fn shown(council: Option<&crate::council::Council>, field: &str, v: &Value) -> String {
    match v {
        Value::Null => "(leeg)".into(),
        Value::Int(n) if field == "confidential" => if *n != 0 { "ja" } else { "nee" }.into(),
        Value::Int(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Bytes(b) => format!("({} bytes)", b.len()),
        Value::Text(s) if s.trim().is_empty() => "(leeg)".into(),
        Value::Text(s) => {
            if let Some(d) = crate::date::from_iso(s) {
                return crate::date::long_nl(d);
            }
            let named = council.and_then(|c| match field {
                "theme_id" => c.themes.iter().find(|t| t.id == *s).map(|t| t.name.clone()),
                "working_group_id" => c
                    .working_groups
                    .iter()
                    .find(|g| g.id == *s)
                    .map(|g| g.name.clone()),
                _ => None,
            });
            if let Some(name) = named {
                return name;
            }
            match (field, s.as_str()) {
                ("kind", "asked") => "Gevraagd advies".into(),
                ("kind", "unasked") => "Ongevraagd advies".into(),
                _ => s.clone(),
            }
        }
    }
}
