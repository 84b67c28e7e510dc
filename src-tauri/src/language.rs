//! The interface speaks Dutch whatever language the desktop is set to. The page is Dutch by
//! itself; GTK's dialogs (save, folder) and WebKit's own controls take their words from gettext,
//! which reads the process environment once, when GTK starts. So the environment is set before
//! Tauri starts GTK; the webview's processes inherit it.
//!
//! gettext reads `LANGUAGE` first, except when the messages locale is `C` or `POSIX` (the
//! locale of a fresh or headless machine): then it ignores `LANGUAGE` and answers in English. A
//! Dutch locale cannot be assumed installed, but `C.UTF-8` is on every Debian/Ubuntu machine
//! (glibc's own): it behaves as `C` and lets `LANGUAGE` through.

/// The variables to set so that gettext answers in Dutch, given how the process was started
/// (`get` reads a variable of the environment it was given).
pub fn dutch_environment(get: impl Fn(&str) -> Option<String>) -> Vec<(&'static str, String)> {
    let set = |name: &str| get(name).filter(|v| !v.is_empty());
    let is_c = |v: Option<String>| v.is_none_or(|v| v == "C" || v == "POSIX");
    let mut changes = vec![("LANGUAGE", "nl".to_string())];
    // The first of these that is set decides a category, as in setlocale(3).
    let category = |name: &str| set("LC_ALL").or_else(|| set(name)).or_else(|| set("LANG"));
    if is_c(category("LC_MESSAGES")) {
        if set("LC_ALL").is_some() {
            changes.push(("LC_ALL", "C.UTF-8".to_string()));
            return changes;
        }
        changes.push(("LC_MESSAGES", "C.UTF-8".to_string()));
        // The translations are converted to the character set of LC_CTYPE: under C that is
        // ASCII, and "Kopiëren" would lose its ë.
        if is_c(category("LC_CTYPE")) {
            changes.push(("LC_CTYPE", "C.UTF-8".to_string()));
        }
    }
    changes
}

/// Sets the Dutch environment on this process.
///
/// # Safety
/// Must run before any other thread exists (the environment is process-wide and not locked).
pub unsafe fn speak_dutch() {
    for (name, value) in dutch_environment(|n| std::env::var(n).ok()) {
        // SAFETY: the caller guarantees no other thread reads or writes the environment.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::dutch_environment;
    use std::collections::HashMap;
    use std::process::Command;

    fn changes(vars: &[(&str, &str)]) -> Vec<(&'static str, String)> {
        let env: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        dutch_environment(|n| env.get(n).cloned())
    }

    fn pairs(list: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        list.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn a_machine_without_any_locale_gets_dutch_messages_through_c_utf8() {
        assert_eq!(
            changes(&[]),
            pairs(&[
                ("LANGUAGE", "nl"),
                ("LC_MESSAGES", "C.UTF-8"),
                ("LC_CTYPE", "C.UTF-8")
            ])
        );
    }

    #[test]
    fn lc_all_c_is_replaced_because_it_would_override_every_other_setting() {
        assert_eq!(
            changes(&[("LC_ALL", "C"), ("LANG", "nl_NL.UTF-8")]),
            pairs(&[("LANGUAGE", "nl"), ("LC_ALL", "C.UTF-8")])
        );
        assert_eq!(
            changes(&[("LC_ALL", "POSIX")]),
            pairs(&[("LANGUAGE", "nl"), ("LC_ALL", "C.UTF-8")])
        );
    }

    #[test]
    fn an_english_desktop_keeps_its_locale_and_only_the_language_turns_dutch() {
        assert_eq!(
            changes(&[("LANG", "en_GB.UTF-8"), ("LANGUAGE", "en_GB:en")]),
            pairs(&[("LANGUAGE", "nl")])
        );
    }

    #[test]
    fn a_c_messages_locale_under_a_utf8_ctype_changes_only_the_messages() {
        assert_eq!(
            changes(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "C")]),
            pairs(&[("LANGUAGE", "nl"), ("LC_MESSAGES", "C.UTF-8")])
        );
    }

    /// What GTK's own gettext catalogue answers for the save dialog's Cancel button in a child
    /// process started with `env` (the real catalogue of the installed GTK, read by gettext(1)).
    fn gtk_cancel(env: &[(&str, &str)]) -> String {
        let out = Command::new("gettext")
            .env_clear()
            .envs(env.iter().copied())
            .args(["-d", "gtk30", "_Cancel"])
            .output()
            .expect("gettext(1) (Debian package gettext-base) must be installed");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn gtk_answers_in_dutch_under_the_c_locale_once_the_environment_is_set() {
        let started = [("LC_ALL", "C"), ("LANGUAGE", "en")];
        // Without the change GTK speaks English: the check can fail.
        assert_eq!(gtk_cancel(&started), "_Cancel");
        let mut env: HashMap<&str, String> =
            started.iter().map(|(k, v)| (*k, v.to_string())).collect();
        for (k, v) in changes(&started) {
            env.insert(k, v);
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(gtk_cancel(&env), "_Annuleren");
    }
}
