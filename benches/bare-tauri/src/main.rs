//! A bare Tauri 2 window: the same Tauri version and build profile as Advieswerk, a page with one
//! heading and no commands, plugins or state. `benches/startup.rs` starts it beside the app so
//! that what WebKitGTK and Tauri cost by themselves is measured in the same run, on the same
//! machine, and Advieswerk's own overhead is the difference.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare window runs");
}
