//! Dutch-aware search text: how words are folded (case, accents) and stemmed (Snowball's Dutch
//! stemmer with the spelling alternations it misses), how a query is read (words, "phrases",
//! prefix*), and which words of a found text are highlighted. The same analysis is applied to
//! what is indexed and to what is asked, so "adviezen" finds "advies" and "financiele" finds
//! "financiële". The index itself is the store's.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};

/// What a result is: where the words were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Request,
    Section,
    Reaction,
    Commitment,
    Document,
}

impl SearchKind {
    pub const ALL: [SearchKind; 5] = [
        SearchKind::Request,
        SearchKind::Section,
        SearchKind::Reaction,
        SearchKind::Commitment,
        SearchKind::Document,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SearchKind::Request => "request",
            SearchKind::Section => "section",
            SearchKind::Reaction => "reaction",
            SearchKind::Commitment => "commitment",
            SearchKind::Document => "document",
        }
    }

    pub fn from_code(code: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Request => "Adviesaanvraag",
            SearchKind::Section => "Adviestekst",
            SearchKind::Reaction => "Reactie college",
            SearchKind::Commitment => "Toezegging",
            SearchKind::Document => "Document",
        }
    }
}

/// Words left out of a query unless they stand in a phrase: asking "wat zeiden we over de
/// wachtlijsten" must not require every text to contain "wat" and "we".
const STOP_WORDS: &[&str] = &[
    "aan", "al", "als", "bij", "dat", "de", "den", "der", "des", "die", "dit", "door", "een", "en",
    "er", "het", "hoe", "in", "is", "je", "met", "na", "naar", "niet", "of", "om", "onze", "ook",
    "op", "over", "te", "tot", "uit", "van", "voor", "wat", "we", "wij", "zijn", "ze", "zeiden",
    "zij",
];

/// A query longer than this is refused: nobody types it, and it bounds the work of one search.
pub const MAX_QUERY_CHARS: usize = 300;
const MAX_TERMS: usize = 16;

/// Lower case without accents: "Financiële" → "financiele", "ĳ" → "ij".
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Dutch))
}

/// The stem of a folded word. Snowball's (original) Dutch stemmer leaves the spelling
/// alternations of Dutch apart ("adviezen" → "adviez", "advies" → "advies"; "brieven" →
/// "briev"; "problemen" → "problem", "probleem" → "probleem"); they are joined here: a final
/// z/v becomes s/f, and a doubled vowel before a final consonant is single. The plural -s after
/// an -e ("gemeentes", "jongeres") is taken off first.
pub fn stem(folded: &str) -> String {
    if folded.chars().any(|c| c.is_ascii_digit()) {
        return folded.to_string();
    }
    let word = plural_s(folded);
    let mut s: Vec<char> = stemmer().stem(word).chars().collect();
    match s.last() {
        Some('z') => *s.last_mut().unwrap() = 's',
        Some('v') => *s.last_mut().unwrap() = 'f',
        _ => {}
    }
    let n = s.len();
    if n >= 4 {
        let (a, b, c) = (s[n - 3], s[n - 2], s[n - 1]);
        if a == b && matches!(a, 'a' | 'e' | 'o' | 'u') && !is_vowel(c) {
            s.remove(n - 2);
        }
    }
    s.into_iter().collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn plural_s(word: &str) -> &str {
    let b = word.as_bytes();
    let n = b.len();
    if n >= 7
        && word.ends_with("es")
        && matches!(
            b[n - 3],
            b't' | b'r' | b'l' | b'd' | b'g' | b'k' | b'n' | b'm'
        )
    {
        &word[..n - 1]
    } else {
        word
    }
}

/// The words of a text with their byte ranges, in order.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// A text as the index holds it: the stem of every word, separated by spaces.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, w) in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem(&fold(w)));
    }
    out
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word, by its stem.
    Word(String),
    /// `jeugd*`: words starting so, folded. The index holds stems, whose ends differ from the
    /// words' ("dakloosheid" is held as "daklos"), so the prefix's own stem is tried beside it.
    Prefix(String),
    /// `"persoonsgebonden budget"`: these stems in this order.
    Phrase(Vec<String>),
}

/// A query as typed, read into terms. Terms must all occur (`any` widens it to one of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    /// Reads a query: words, quoted phrases, a trailing `*` for a prefix. Punctuation is a
    /// separator, never syntax: nothing typed can reach the index as an operator.
    pub fn parse(input: &str) -> Result<Query> {
        let input = input.trim();
        if input.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::validation(
                "query",
                format!("Een zoekvraag mag hoogstens {MAX_QUERY_CHARS} tekens hebben."),
            ));
        }
        let mut terms = Vec::new();
        for (i, chunk) in input.split('"').enumerate() {
            if i % 2 == 1 {
                let stems: Vec<String> = words(chunk).map(|(_, w)| stem(&fold(w))).collect();
                match stems.len() {
                    0 => {}
                    1 => terms.push(Term::Word(stems.into_iter().next().unwrap())),
                    _ => terms.push(Term::Phrase(stems)),
                }
                continue;
            }
            // A star right after a word makes it a prefix; elsewhere it separates.
            for piece in chunk.split_whitespace() {
                let prefix = piece.ends_with('*');
                let found: Vec<&str> = words(piece).map(|(_, w)| w).collect();
                for (j, w) in found.iter().enumerate() {
                    let folded = fold(w);
                    if prefix && j == found.len() - 1 {
                        terms.push(Term::Prefix(folded));
                    } else if !STOP_WORDS.contains(&folded.as_str()) {
                        terms.push(Term::Word(stem(&folded)));
                    }
                }
            }
        }
        terms.dedup();
        terms.truncate(MAX_TERMS);
        if terms.is_empty() {
            return Err(Error::validation(
                "query",
                "Typ een of meer woorden om te zoeken.",
            ));
        }
        Ok(Query { terms })
    }

    /// Whether a word of a found text is one the query asked for.
    pub fn matches_word(&self, word: &str) -> bool {
        let folded = fold(word);
        let mut stemmed: Option<String> = None;
        let mut same_stem = |s: &str| {
            // A stem differs from its word in its last two letters at most (a suffix taken off,
            // a vowel undoubled, z/v for s/f): a word not starting with the rest is no match,
            // and most words of a text are told so without being stemmed.
            let keep = s.chars().count().saturating_sub(2).max(1);
            let head_len = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            folded.starts_with(&s[..head_len]) && stemmed.get_or_insert_with(|| stem(&folded)) == s
        };
        self.terms.iter().any(|t| match t {
            Term::Prefix(p) => folded.starts_with(p.as_str()) || same_prefix(&folded, p),
            Term::Word(s) => same_stem(s),
            Term::Phrase(words) => words.iter().any(|s| same_stem(s)),
        })
    }
}

/// A word whose stem starts with the prefix's stem ("dakloosheid" for "dakloos*").
fn same_prefix(folded: &str, prefix: &str) -> bool {
    let p = stem(prefix);
    let keep = p.chars().count().saturating_sub(2).max(1);
    let head_len = p.char_indices().nth(keep).map_or(p.len(), |(i, _)| i);
    folded.starts_with(&p[..head_len]) && stem(folded).starts_with(&p)
}

/// A piece of a snippet: highlighted where the query's words were found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// About this many words of a found text are shown around its first hit.
const SNIPPET_WORDS: usize = 28;
const WORDS_BEFORE: usize = 8;

/// The passage of `text` around the first word the query asked for, with its hits marked; the
/// text's opening when no word matches (a hit on a field shown elsewhere, say).
pub fn snippet(text: &str, query: &Query) -> Vec<SnippetPart> {
    let all: Vec<(usize, &str)> = words(text).collect();
    if all.is_empty() {
        return Vec::new();
    }
    // Where the most hits lie within one snippet's reach, starting the search at the first hit.
    let hits: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, (_, w))| query.matches_word(w))
        .map(|(i, _)| i)
        .collect();
    let first = hits
        .iter()
        .copied()
        .max_by_key(|&h| {
            (
                hits.iter()
                    .filter(|&&o| o >= h && o < h + SNIPPET_WORDS)
                    .count(),
                std::cmp::Reverse(h),
            )
        })
        .unwrap_or(0);
    let start_word = first.saturating_sub(WORDS_BEFORE);
    let end_word = (start_word + SNIPPET_WORDS).min(all.len());
    let start = if start_word == 0 {
        0
    } else {
        all[start_word].0
    };
    let end = if end_word == all.len() {
        text.len()
    } else {
        all[end_word].0
    };
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_string(),
                hit,
            }),
        }
    };
    if start > 0 {
        push("… ", false);
    }
    let mut at = start;
    for (i, &(pos, w)) in all.iter().enumerate().take(end_word).skip(start_word) {
        push(&collapse(&text[at..pos]), false);
        push(w, hits.binary_search(&i).is_ok());
        at = pos + w.len();
    }
    let tail = collapse(text[at..end].trim_end());
    push(&tail, false);
    if end < text.len() {
        push(" …", false);
    }
    parts
}

/// White space of a stored text (line ends, tabs, runs) as one space in a one-line snippet.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_stem(a: &str, b: &str) -> bool {
        stem(&fold(a)) == stem(&fold(b))
    }

    #[test]
    fn dutch_word_forms_meet_in_one_stem() {
        for (a, b) in [
            ("adviezen", "advies"),
            ("jongeren", "jongere"),
            ("financiele", "financiële"),
            ("Financiële", "financieel"),
            ("brieven", "brief"),
            ("problemen", "probleem"),
            ("gemeentes", "gemeenten"),
            ("wachtlijsten", "wachtlijst"),
            ("mantelzorgers", "mantelzorger"),
            ("regelingen", "regeling"),
            ("jaren", "jaar"),
        ] {
            assert!(
                same_stem(a, b),
                "{a} / {b}: {} / {}",
                stem(&fold(a)),
                stem(&fold(b))
            );
        }
        for (a, b) in [
            ("proces", "processie"),
            ("advies", "adviseur"),
            ("zorg", "zorgvuldig"),
        ] {
            assert!(!same_stem(a, b), "{a} and {b} must stay apart");
        }
    }

    #[test]
    fn a_stem_keeps_its_words_letters_but_for_the_last_two() {
        // What `matches_word` relies on to skip stemming most words of a text.
        let text = "Gemeentes jongeres adviezen brieven problemen jaren eenzaamheid dakloosheid \
            financiële wachtlijsten mantelzorgers regelingen kinderen huizen vrijwilligers \
            ouderen gezinnen zorgboerderijen ondersteuning voorzieningen raden ideeën cliënten \
            beleidsregels verordeningen ontmoetingsplekken vaardigheden werkgevers jeugdhulp";
        for (_, w) in words(text) {
            let folded = fold(w);
            let s = stem(&folded);
            let keep: String = s
                .chars()
                .take(s.chars().count().saturating_sub(2).max(1))
                .collect();
            assert!(folded.starts_with(&keep), "{w}: stem {s}");
            assert!(
                Query::parse(w).unwrap().matches_word(w),
                "{w} matches itself"
            );
        }
    }

    #[test]
    fn a_query_reads_words_phrases_and_prefixes_and_drops_stop_words() {
        let q =
            Query::parse("wat zeiden we over \"persoonsgebonden budget\" jeugd* Adviezen").unwrap();
        assert_eq!(
            q.terms,
            vec![
                Term::Phrase(vec![stem("persoonsgebonden"), stem("budget")]),
                Term::Prefix("jeugd".into()),
                Term::Word("advies".into()),
            ]
        );
    }

    #[test]
    fn nothing_typed_reaches_the_index_as_syntax() {
        // The index is queried term by term (no query language), and every term is letters and
        // digits: operators typed are words, punctuation separates.
        let q = Query::parse("NEAR(a b) OR ^col: \"unclosed -x AND").unwrap();
        for t in &q.terms {
            match t {
                Term::Word(s) | Term::Prefix(s) => assert!(s.chars().all(char::is_alphanumeric)),
                Term::Phrase(w) => assert!(w.iter().all(|s| s.chars().all(char::is_alphanumeric))),
            }
        }
        assert!(Query::parse("  \"\" * ").is_err());
        assert!(Query::parse(&"a".repeat(301)).is_err());
    }

    #[test]
    fn a_snippet_marks_the_words_found_around_the_densest_hits() {
        let text = "Inleiding. ".repeat(30)
            + "De adviesraad vindt de wachtlijsten in de jeugdzorg te lang; wachtlijsten moeten korter.\n\nSlot.";
        let q = Query::parse("wachtlijst").unwrap();
        let parts = snippet(&text, &q);
        let hits: Vec<&str> = parts
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["wachtlijsten", "wachtlijsten"]);
        assert!(parts[0].text.starts_with("… "));
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(joined.contains("in de jeugdzorg te lang"), "{joined}");
        assert!(!joined.contains('\n'));
    }
}
