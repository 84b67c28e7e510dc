//! A small synchronous W3C WebDriver client: just what the end-to-end tests use, so each step
//! of a test reads like what a user does (find, click, type, read).

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    base: String,
    agent: ureq::Agent,
}

#[derive(Clone)]
pub struct Element(String);

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// A command the driver refused or could not carry out. `code` is the W3C error code ("no such
/// element", "stale element reference", ...); a failure to talk to the driver has none.
#[derive(Debug, Clone)]
pub struct DriverError {
    pub code: Option<String>,
    pub message: String,
}

impl DriverError {
    fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl From<DriverError> for String {
    fn from(e: DriverError) -> String {
        e.to_string()
    }
}

fn transport(e: impl std::fmt::Display) -> DriverError {
    DriverError {
        code: None,
        message: e.to_string(),
    }
}

fn unwrap_value(
    mut resp: ureq::http::Response<ureq::Body>,
    what: &str,
) -> Result<Value, DriverError> {
    let status = resp.status();
    let body: Value = resp
        .body_mut()
        .read_json()
        .map_err(|e| transport(format!("{what}: unreadable answer: {e}")))?;
    if !status.is_success() {
        return Err(DriverError {
            code: body["value"]["error"].as_str().map(str::to_owned),
            message: format!(
                "{what}: {status}: {}",
                body["value"]["message"]
                    .as_str()
                    .unwrap_or(&body.to_string())
            ),
        });
    }
    Ok(body["value"].clone())
}

impl Session {
    /// Starts a session on the WebDriver server at `server` for the Tauri app at `application`.
    pub fn start(server: &str, application: &str) -> Result<Session, String> {
        let agent = agent();
        let caps = json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}});
        let resp = agent
            .post(&format!("{server}/session"))
            .send_json(&caps)
            .map_err(|e| e.to_string())?;
        let value = unwrap_value(resp, "new session").map_err(String::from)?;
        let id = value["sessionId"]
            .as_str()
            .ok_or("no session id")?
            .to_owned();
        Ok(Session {
            base: format!("{server}/session/{id}"),
            agent,
        })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, DriverError> {
        let resp = self
            .agent
            .post(&format!("{}{path}", self.base))
            .send_json(&body)
            .map_err(transport)?;
        unwrap_value(resp, path)
    }

    fn get(&self, path: &str) -> Result<Value, DriverError> {
        let resp = self
            .agent
            .get(&format!("{}{path}", self.base))
            .call()
            .map_err(transport)?;
        unwrap_value(resp, path)
    }

    /// Drags `e` horizontally by `dx` pixels with a mouse (W3C Actions: press on the element's
    /// centre, move in steps, release).
    pub fn drag_by(&self, e: &Element, dx: i64) {
        let steps = 8;
        let mut actions = vec![
            json!({"type": "pointerMove", "duration": 0, "origin": {ELEMENT_KEY: e.0}, "x": 0, "y": 0}),
            json!({"type": "pointerDown", "button": 0}),
        ];
        for _ in 0..steps {
            actions.push(json!({"type": "pointerMove", "duration": 20, "origin": "pointer", "x": dx / steps, "y": 0}));
        }
        actions.push(json!({"type": "pointerUp", "button": 0}));
        self.post(
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions}]}),
        )
        .expect("drag");
        let _ = self.agent.delete(&format!("{}/actions", self.base)).call();
    }

    /// A mouse click at a point of the viewport (CSS pixels), on whatever is drawn there.
    pub fn click_at(&self, x: i64, y: i64) {
        self.post(
            "/actions",
            json!({"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0}]}]}),
        )
        .expect("click");
        let _ = self.agent.delete(&format!("{}/actions", self.base)).call();
    }

    /// Presses and releases one key (a WebDriver key code such as Tab, `\u{E004}`) wherever the
    /// keyboard focus is, as a user at the keyboard would.
    pub fn press_key(&self, key: &str) {
        self.post(
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]}),
        )
        .expect("key press");
    }

    pub fn close(self) {
        let _ = self.agent.delete(&self.base).call();
    }

    /// The element `css` selects, or `None` when there is none. Any other failure of the driver
    /// fails the test: "absent" must never be a driver error in disguise.
    pub fn try_find(&self, css: &str) -> Option<Element> {
        match self.post("/element", json!({"using": "css selector", "value": css})) {
            Ok(v) => Some(Element(
                v[ELEMENT_KEY]
                    .as_str()
                    .unwrap_or_else(|| panic!("find {css}: no element in {v}"))
                    .to_owned(),
            )),
            Err(e) if e.is("no such element") => None,
            Err(e) => panic!("find {css}: {e}"),
        }
    }

    /// Every element `css` selects (none is an empty list; a driver failure fails the test).
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        match self.post("/elements", json!({"using": "css selector", "value": css})) {
            Ok(Value::Array(items)) => items
                .iter()
                .map(|v| Element(v[ELEMENT_KEY].as_str().expect("element id").to_owned()))
                .collect(),
            Ok(v) => panic!("find all {css}: not a list: {v}"),
            Err(e) => panic!("find all {css}: {e}"),
        }
    }

    /// Waits up to 10 s for `css` to appear; the screens load asynchronously.
    pub fn find(&self, css: &str) -> Element {
        self.wait_until(&format!("element {css}"), || self.try_find(css))
    }

    /// Polls until `f` yields, failing the test with `what` after 10 s.
    pub fn wait_until<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(v) = f() {
                return v;
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.screenshot(&format!(
                    "timeout-{}",
                    what.replace(|c: char| !c.is_alphanumeric(), "_")
                ));
                panic!("timed out waiting for {what}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the screen has settled: nothing says it is still loading ("Bezig met…") and
    /// the page has not changed for 300 ms (a mutation observer counts every change).
    pub fn wait_settled(&self, what: &str) {
        self.execute(
            "if (!window.__changedAt) {
               window.__changedAt = performance.now();
               new MutationObserver(() => { window.__changedAt = performance.now(); })
                 .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
             }",
            vec![],
        )
        .unwrap();
        self.wait_until(&format!("{what} to settle"), || {
            let v = self
                .execute(
                    "const busy = [...document.querySelectorAll('main [aria-live], main [role=status]')]
                       .some(e => e.textContent.includes('Bezig met'));
                     return !busy && performance.now() - window.__changedAt >= 300;",
                    vec![],
                )
                .unwrap();
            (v == Value::Bool(true)).then_some(())
        });
    }

    /// Waits until the text of `css` contains `needle`, and returns the text. An element
    /// replaced while it is read (re-rendered) is looked up again.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> String {
        assert!(
            !needle.is_empty(),
            "waiting for {css:?} to contain nothing matches at once: wait for what is meant"
        );
        let mut last = String::new();
        let start = Instant::now();
        loop {
            if let Some(e) = self.try_find(css) {
                match self.try_text(&e) {
                    Ok(t) => last = t,
                    Err(e) if e.is("stale element reference") => {}
                    Err(e) => panic!("text of {css}: {e}"),
                }
                if last.contains(needle) {
                    return last;
                }
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = self.screenshot("timeout-text");
                panic!("timed out waiting for {css:?} to contain {needle:?}; last text: {last:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, e: &Element) {
        if let Err(err) = self.post(&format!("/element/{}/click", e.0), json!({})) {
            let _ = self.screenshot("click-failed");
            panic!("click: {err:?}");
        }
    }

    pub fn click_css(&self, css: &str) {
        let mut e = self.find(css);
        let mut result = self.post(&format!("/element/{}/click", e.0), json!({}));
        // A screen that reloads because another member's change came in (a shared council)
        // replaces its elements between the find and the click; a person would click the new
        // one, so the test does too, a few times at most.
        for _ in 0..5 {
            match &result {
                Err(err) if err.code.as_deref() == Some("stale element reference") => {
                    std::thread::sleep(Duration::from_millis(100));
                    e = self.find(css);
                    result = self.post(&format!("/element/{}/click", e.0), json!({}));
                }
                _ => break,
            }
        }
        if let Err(err) = result {
            let shot = format!(
                "click-failed-{}",
                css.replace(|c: char| !c.is_alphanumeric(), "_")
            );
            let _ = self.screenshot(&shot);
            panic!("click on {css}: {err:?} (screenshot e2e-artifacts/{shot}.png)");
        }
    }

    pub fn clear(&self, e: &Element) {
        self.post(&format!("/element/{}/clear", e.0), json!({}))
            .expect("clear");
    }

    /// Sends keys, reporting instead of failing when the element refuses them.
    pub fn try_type_text(&self, e: &Element, text: &str) -> Result<(), String> {
        self.post(&format!("/element/{}/value", e.0), json!({"text": text}))
            .map(|_| ())
            .map_err(String::from)
    }

    pub fn type_text(&self, e: &Element, text: &str) {
        self.post(&format!("/element/{}/value", e.0), json!({"text": text}))
            .expect("send keys");
    }

    /// Replaces the content of a text field, as a user selecting all and typing would.
    pub fn fill(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.clear(&e);
        if !text.is_empty() {
            self.type_text(&e, text);
        }
    }

    /// Chooses the option with `value` in the select `css`.
    pub fn choose(&self, css: &str, value: &str) {
        self.click_css(&format!("{css} option[value=\"{value}\"]"));
        let chosen = self.property(&self.find(css), "value");
        assert_eq!(chosen, value, "select {css} did not take option {value}");
    }

    pub fn try_text(&self, e: &Element) -> Result<String, DriverError> {
        let v = self.get(&format!("/element/{}/text", e.0))?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| transport(format!("text: not a string: {v}")))
    }

    /// The element's rendered text; a driver failure fails the test.
    pub fn text(&self, e: &Element) -> String {
        self.try_text(e).unwrap_or_else(|err| panic!("text: {err}"))
    }

    /// The text of what `css` selects now: an element the screen replaced between finding and
    /// reading it (a re-rendered editor, say) is looked up again; other driver errors fail.
    pub fn text_of(&self, css: &str) -> String {
        self.wait_until(&format!("the text of {css}"), || {
            match self.try_text(&self.find(css)) {
                Ok(t) => Some(t),
                Err(e) if e.is("stale element reference") => None,
                Err(e) => panic!("text of {css}: {e}"),
            }
        })
    }

    /// A DOM property as text (`""` when the property is null).
    pub fn property(&self, e: &Element, name: &str) -> String {
        match self.get(&format!("/element/{}/property/{name}", e.0)) {
            Ok(Value::String(s)) => s,
            Ok(Value::Null) => String::new(),
            Ok(v) => v.to_string(),
            Err(err) => panic!("property {name}: {err}"),
        }
    }

    /// An attribute of the element `css` selects; `None` when it has no such attribute.
    pub fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let e = self.find(css);
        match self.get(&format!("/element/{}/attribute/{name}", e.0)) {
            Ok(Value::String(s)) => Some(s),
            Ok(Value::Null) => None,
            Ok(v) => panic!("attribute {name} of {css}: not text: {v}"),
            Err(err) => panic!("attribute {name} of {css}: {err}"),
        }
    }

    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        Ok(self.post("/execute/sync", json!({"script": script, "args": args}))?)
    }

    /// Saves a PNG of the window to `e2e-artifacts/<name>.png` for a human to look at.
    ///
    /// WebKitWebDriver (2.4x) never answers a screenshot request while the page is not
    /// scrollable, so the page is made one pixel taller than the window for the moment of the
    /// shot. The app itself is not changed for this.
    pub fn screenshot(&self, name: &str) -> Result<std::path::PathBuf, String> {
        self.execute(
            "document.documentElement.style.minHeight = 'calc(100vh + 1px)';",
            vec![],
        )?;
        let shot = self.get("/screenshot");
        self.execute("document.documentElement.style.minHeight = '';", vec![])?;
        let v = shot?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e-artifacts");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }
}
