// The same release link settings as the app, bar the app's own symbol order.
include!("../../src-tauri/link/release.rs");

fn main() {
    release_link("advieswerk-bare-tauri", None);
    tauri_build::build();
}
