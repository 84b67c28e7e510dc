include!("link/release.rs");

// Declaring the app's commands makes each one a permission (`allow-<command>`), so the
// capability file can grant exactly these and nothing else.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        webkit_extension();
    }
    release_link("advieswerk-app", Some("link/startup-symbols.txt"));
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(advieswerk_commands())),
    )
    .expect("tauri build script");
}

/// Builds the web-process extension (`webkit/extension.c`, which says why it exists) as a shared
/// object in `OUT_DIR`; the app carries its bytes (`src/webkit_extension.rs`).
fn webkit_extension() {
    let source = "webkit/extension.c";
    println!("cargo:rerun-if-changed={source}");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"))
        .join("advieswerk-webkit-extension.so");
    let compiler = cc::Build::new().pic(true).opt_level(2).get_compiler();
    let status = compiler
        .to_command()
        .args(["-shared", "-fvisibility=hidden", "-Wall", "-Werror", "-o"])
        .arg(&out)
        .arg(source)
        .arg("-ldl")
        .status()
        .expect("a C compiler for the WebKit extension");
    assert!(status.success(), "building {source} failed");
}

fn advieswerk_commands() -> &'static [&'static str] {
    &[
        "app_info",
        "next_event",
        "add_documents",
        "list_documents",
        "delete_document",
        "open_document",
        "read_email",
        "search",
        "get_follow_up",
        "extract_recommendations",
        "update_recommendation",
        "merge_recommendation",
        "split_recommendation",
        "record_reaction",
        "save_reaction_letter",
        "set_reaction_term",
        "save_commitment",
        "delete_commitment",
        "record_follow_up",
        "delete_follow_up",
        "save_reminder",
        "save_reminder_as",
        "save_annual_report_as",
        "annual_report",
        "save_report_texts",
        "save_annual_report",
        "publish_year",
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
        "release_spellcheck",
        "spellcheck_in_use",
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
        "sync_status",
        "sync_now",
        "share_council",
        "join_council",
        "leave_council",
        "sync_passphrase",
        "set_sync_member",
        "choose_sync_folder",
        "list_conflicts",
        "choose_conflict_value",
        "region_status",
        "create_region",
        "join_region",
        "region_passphrase",
        "list_regional_texts",
        "get_regional_text",
        "region_overview",
        "share_section",
        "use_regional_text",
        "unlink_section",
        "propose_change",
        "decide_proposal",
        "adopt_new_version",
        "keep_own_version",
        "save_regional_text_as",
    ]
}
