//! Entry point of the desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // SAFETY: the first thing the process does: no other thread exists yet.
    unsafe {
        advieswerk_app::language::speak_dutch();
        advieswerk_app::memory::lighter_javascript();
    }
    advieswerk_app::run();
}
