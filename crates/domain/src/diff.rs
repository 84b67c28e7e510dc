//! Word-level comparison of two versions of a text, for the revision history: which words were
//! kept, removed and added. Whitespace stays attached to the words so that the parts, joined,
//! give back exactly the old (kept + removed) and the new (kept + added) text.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffPart {
    pub kind: DiffKind,
    pub text: String,
}

/// Beyond this the diff falls back to coarser (still correct) parts instead of taking longer:
/// the history must stay responsive for a section of any size.
const DEADLINE: std::time::Duration = std::time::Duration::from_millis(500);

/// The parts that turn `old` into `new`, with runs of the same kind merged.
pub fn words(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(DEADLINE)
        .diff_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => DiffKind::Same,
            similar::ChangeTag::Delete => DiffKind::Removed,
            similar::ChangeTag::Insert => DiffKind::Added,
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn join(parts: &[DiffPart], skip: DiffKind) -> String {
        parts
            .iter()
            .filter(|p| p.kind != skip)
            .map(|p| p.text.as_str())
            .collect()
    }

    #[test]
    fn a_changed_word_is_one_removal_and_one_addition() {
        let parts = words("De raad adviseert positief.", "De raad adviseert negatief.");
        assert!(parts.contains(&DiffPart {
            kind: DiffKind::Removed,
            text: "positief.".into()
        }));
        assert!(parts.contains(&DiffPart {
            kind: DiffKind::Added,
            text: "negatief.".into()
        }));
        assert_eq!(parts[0].kind, DiffKind::Same);
    }

    #[test]
    fn the_parts_give_back_both_texts() {
        let old = "Eén\n\ntwee  drie vier\n- vijf";
        let new = "Eén\ntwee vier zes\n- vijf\n";
        let parts = words(old, new);
        assert_eq!(join(&parts, DiffKind::Added), old);
        assert_eq!(join(&parts, DiffKind::Removed), new);
    }
}
