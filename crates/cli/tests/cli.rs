//! The command line as a script meets it: the built binary, run on a database of its own.

#[test]
fn the_command_line_creates_example_data_and_lists_the_register_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_advieswerk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["list", "--json"]);
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 7);
    assert!(
        rows.iter()
            .all(|r| r["id"].is_string() && r["status"].is_string() && r["plan"].is_object())
    );
    let out = run(&["list", "--json", "--status", "sent"]);
    let sent: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sent.as_array().unwrap().len(), 1);
    // A second demo load is refused: it never mixes with data.
    let out = run(&["demo"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("al adviesaanvragen"));
    let out = run(&["list", "--status", "verstuurd"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Onbekende status"));
}

#[test]
fn output_into_a_closed_pipe_ends_the_command_quietly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite3");
    let demo = std::process::Command::new(env!("CARGO_BIN_EXE_advieswerk"))
        .arg("--db")
        .arg(&db)
        .arg("demo")
        .output()
        .unwrap();
    assert!(demo.status.success());
    for args in [&["list", "--json"][..], &["list"], &["info"]] {
        // The reader is gone before the command writes its first line (`| head -0`).
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_advieswerk"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, "", "{args:?} said something on a closed pipe");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {}", out.status);
    }
}
