//! The committed TypeScript bindings must equal what the Rust types generate today.

use std::path::Path;

#[test]
fn bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
    let generated = advieswerk::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/bindings.ts is out of date with the Rust types; run `UPDATE_BINDINGS=1 cargo test --test bindings`"
    );
    // Spot-check that it is the real thing, not an empty file matching an empty generator.
    assert!(generated.contains("export type RequestInput"));
    assert!(generated.contains("export type ApiError"));
}
