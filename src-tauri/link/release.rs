// How a release binary is linked on x86-64 Linux, shared by the build scripts of the app and of the
// bare window it is measured against (`include!`d, so both get the same settings). Both settings
// lower what the binary keeps resident; neither changes what it does. Issue 15 measured them.
//
// - Packed relative relocations (DT_RELR): a position-independent binary carries one relocation
//   per pointer in its read-only data, and the loader reads them all at every start. The app has
//   about 150,000: 3.7 MB of table read and kept mapped, replaced by a bitmap of about 50 KB.
//   The loader understands it from glibc 2.36; an older glibc would not start such a binary,
//   so the flag is given only when the glibc being linked against is new enough.
// - A symbol ordering (the app only): the linker places the functions a start runs next to each
//   other. Scattered over the 44 MB of code, they made the kernel map 14 MB of it (it maps
//   16 pages around each page a start touches); placed together, under 6 MB. rust-lld, the
//   default linker of this target since Rust 1.90, reads the list; names it no longer finds
//   (after a dependency or compiler change) are skipped without a word, so a stale list costs
//   memory, never a failed build. The start-up bench prints how much of the list still matches,
//   and `scripts/startup-symbols` makes it again.

/// Adds the release link settings for the binary `bin`; `order` is its symbol ordering file.
fn release_link(bin: &str, order: Option<&str>) {
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let target = env("TARGET");
    if env("PROFILE") != "release" || target != "x86_64-unknown-linux-gnu" || env("HOST") != target
    {
        return;
    }
    if glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bin={bin}=-Wl,-z,pack-relative-relocs");
    }
    let Some(order) = order else { return };
    println!("cargo:rerun-if-changed={order}");
    let path = std::path::Path::new(&env("CARGO_MANIFEST_DIR")).join(order);
    if path.exists() && rustc_at_least(90) {
        println!(
            "cargo:rustc-link-arg-bin={bin}=-Wl,--symbol-ordering-file={}",
            path.display()
        );
        println!("cargo:rustc-link-arg-bin={bin}=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether the C library this build links against is glibc of at least `major.minor`. The build
/// script runs on the machine it builds for (host and target are checked to be the same).
fn glibc_at_least(major: u32, minor: u32) -> bool {
    unsafe extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a pointer to a static, NUL-terminated version string.
    let version = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
    let mut parts = version
        .to_str()
        .unwrap_or_default()
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= (major, minor)
}

/// Whether the compiler is Rust 1.`minor` or later (whose x86-64 Linux linker is rust-lld).
fn rustc_at_least(minor: u32) -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|m| m.parse::<u32>().ok())
        .is_some_and(|m| m >= minor)
}
