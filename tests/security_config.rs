//! Guards on the app's security configuration, read from the files the Tauri build uses: the
//! window may call exactly the app's own commands (a permission added to the capability file,
//! or a command without one, fails here), the page gets no global Tauri object, and the
//! Content-Security-Policy allows no inline or evaluated script and no remote source.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// The command names the build script declares (each becomes an `allow-<command>` permission).
fn declared_commands() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    let body = &build[build.find("fn advieswerk_commands").unwrap()..];
    let body = &body[body.find('{').unwrap()..];
    let list = &body[..body.find(']').unwrap()];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The commands the shell registers with `generate_handler!`.
fn registered_commands() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    let list = &lib[lib.find("generate_handler![").unwrap() + "generate_handler![".len()..];
    let list = &list[..list.find(']').unwrap()];
    list.split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn the_window_may_call_exactly_the_apps_own_commands_and_nothing_else() {
    let caps: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let granted: BTreeSet<String> = caps["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("permissions are plain names").to_owned())
        .collect();
    let commands = declared_commands();
    assert_eq!(
        commands,
        registered_commands(),
        "build.rs and generate_handler! disagree"
    );
    let expected: BTreeSet<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    // Not even Tauri's events: what the shell tells the page unasked is the answer to one of
    // the app's commands (`next_event`).
    let extra: Vec<_> = granted.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&granted).collect();
    assert!(
        extra.is_empty(),
        "permissions beyond the app's own commands: {extra:?}"
    );
    assert!(
        missing.is_empty(),
        "commands the window may not call: {missing:?}"
    );
    assert_eq!(caps["windows"], serde_json::json!(["main"]));
    // No other capability file can widen this.
    let files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
    assert_eq!(files, ["main.json"]);
}

#[test]
fn the_page_gets_no_global_tauri_and_a_strict_content_security_policy() {
    let conf: serde_json::Value = serde_json::from_str(&read("src-tauri/tauri.conf.json")).unwrap();
    assert_eq!(conf["app"]["withGlobalTauri"], serde_json::json!(false));
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP as directives");
    for (directive, sources) in csp {
        let sources = sources.as_str().unwrap();
        for bad in [
            "'unsafe-inline'",
            "'unsafe-eval'",
            "*",
            "http:",
            "https:",
            "blob:",
        ] {
            assert!(
                !sources.split_whitespace().any(|s| s == bad),
                "{directive} allows {bad}: {sources}"
            );
        }
        for s in sources.split_whitespace() {
            let remote = s.starts_with("http://") || s.starts_with("https://");
            assert!(
                !remote || s == "http://ipc.localhost",
                "{directive} allows a remote source: {s}"
            );
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
}
