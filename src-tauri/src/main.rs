//! Entry point of the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    advieswerk_app::run();
}
