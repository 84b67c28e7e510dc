// Declaring the app's commands makes each one a permission (`allow-<command>`), so the
// capability file can grant exactly these and nothing else.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(advieswerk_commands())),
    )
    .expect("tauri build script");
}

fn advieswerk_commands() -> &'static [&'static str] {
    &[
        "app_info",
        "get_council",
        "save_council",
        "meeting_series",
        "register",
        "get_request",
        "create_request",
        "update_request",
        "add_step",
        "undo_step",
        "delete_request",
        "upcoming",
        "load_demo",
        "open_advice",
        "save_section",
        "add_section",
        "move_section",
        "remove_section",
        "restore_section",
        "list_revisions",
        "restore_revision",
        "compare_revision",
        "render_preview",
        "close_window",
        "enable_spellcheck",
        "timeline",
        "save_municipalities",
        "list_tracks",
        "save_track",
        "get_milestone",
        "create_milestone",
        "update_milestone",
        "move_milestone",
        "delete_milestone",
        "import_planning",
        "save_ics",
        "save_timeline_image",
        "letter_preview",
        "save_letter",
        "get_letterhead",
        "save_letterhead",
        "save_logo",
        "remove_logo",
        "get_letter_details",
        "save_letter_details",
        "save_letter_as",
        "letters_of_year",
        "save_year_letter",
        "backups",
        "make_backup",
        "restore_backup",
        "recovery_status",
        "recover_from_backup",
        "start_empty",
    ]
}
