//! Accessibility checks inside the real webview: axe-core (from the UI's npm packages) injected
//! into the page and run there, and a walk through the screen with the Tab key that must reach
//! every control a mouse user can click.

use serde_json::Value;

use super::webdriver::Session;

fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (npm ci in ui/ installs it)", path.display()))
}

/// Runs axe-core on the whole page (WCAG 2.0/2.1 A and AA rules and axe's best practices) and
/// fails on any serious or critical violation. Every finding is written to
/// `e2e-artifacts/axe-<screen>.json`; the counts are printed.
pub fn audit(ui: &Session, screen: &str) {
    let found = violations(ui, screen);
    let Value::Array(violations) = &found else {
        panic!("{screen}: {found}");
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("axe-{screen}.json")),
        serde_json::to_string_pretty(&found).unwrap(),
    )
    .unwrap();
    let grave: Vec<&Value> = violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .collect();
    println!(
        "axe {screen}: {} violations, {} serious or critical",
        violations.len(),
        grave.len()
    );
    assert!(
        grave.is_empty(),
        "{screen}: serious or critical accessibility violations: {}",
        serde_json::to_string_pretty(&grave).unwrap()
    );
}

/// What axe-core finds on the page as it is now: `[{id, impact, help, nodes}]`.
pub fn violations(ui: &Session, screen: &str) -> Value {
    // Injected through WebDriver, which evaluates in the page without adding a <script>: the
    // page's Content-Security-Policy stays as it ships.
    ui.execute(
        &format!(
            "if (!window.axe) {{ {} }}\n\
             window.__axe = null;\n\
             axe.run(document, {{ resultTypes: ['violations'] }})\n\
               .then(r => window.__axe = r.violations.map(v => ({{ id: v.id, impact: v.impact,\n\
                  help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }})))\n\
               .catch(e => window.__axe = 'axe failed: ' + e);",
            axe_source()
        ),
        vec![],
    )
    .expect("inject axe-core");
    ui.wait_until(&format!("axe on {screen}"), || {
        let v = ui.execute("return window.__axe", vec![]).ok()?;
        (!v.is_null()).then_some(v)
    })
}

/// Presses Tab through the screen and fails if a visible, enabled control (link, button, field,
/// disclosure, or anything the page made focusable) is never reached; a radio group counts as
/// reached when one of its buttons is, as Tab stops once per group. Returns how many controls
/// there are.
pub fn tab_through(ui: &Session, screen: &str) -> usize {
    let total = ui
        .execute(
            "const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
               select:not([disabled]), textarea:not([disabled]), summary, \
               [tabindex]:not([tabindex=\"-1\"]), [contenteditable=true]';
             const visible = e => { const r = e.getBoundingClientRect(); \
               const s = getComputedStyle(e); \
               return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !e.closest('[inert]') \
                 && (!e.closest('details:not([open])') || e.tagName === 'SUMMARY'); };
             document.querySelectorAll('[data-kb]').forEach(e => delete e.dataset.kb);
             const all = [...document.querySelectorAll(sel)].filter(visible);
             // A radio group is one stop for Tab (arrow keys move within it): one key per group.
             all.forEach((e, i) => e.dataset.kb = e.type === 'radio' ? 'radio:' + e.name : String(i));
             window.__kbSeen = new Set();
             window.__kbListener = ev => { const k = ev.target.closest('[data-kb]'); \
               if (k) window.__kbSeen.add(k.dataset.kb); };
             document.addEventListener('focusin', window.__kbListener);
             document.activeElement?.blur();
             document.body.focus();
             return all.length;",
            vec![],
        )
        .unwrap()
        .as_u64()
        .unwrap() as usize;
    // Each control once, plus room for controls inside composite widgets.
    for _ in 0..(total + 10) {
        ui.press_key("\u{E004}");
    }
    let missed = ui
        .execute(
            "document.removeEventListener('focusin', window.__kbListener);
             return [...document.querySelectorAll('[data-kb]')]
               .filter(e => !window.__kbSeen.has(e.dataset.kb))
               .map(e => e.outerHTML.slice(0, 160));",
            vec![],
        )
        .unwrap();
    assert_eq!(
        missed,
        serde_json::json!([]),
        "{screen}: controls the Tab key never reaches"
    );
    println!("keyboard {screen}: {total} controls, all reached with Tab");
    total
}
