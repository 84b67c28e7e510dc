//! Plain text: decoding a .txt (UTF-8, or the Windows-1252 older Dutch Windows files use),
//! cutting text into parts at paragraph ends, and the cap on text kept.

use crate::MAX_TEXT_BYTES;

/// UTF-8 (a byte-order mark dropped), else Windows-1252: a Dutch .txt from Notepad of old
/// ("financiële" as one byte 0xEB) reads right instead of as replacement characters.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Cuts text into parts of about `size` bytes, each ending at a paragraph end where one is
/// near (else a line end, else a space), so no word is split between parts.
pub(crate) fn split_parts(text: &str, size: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while rest.len() > size * 3 / 2 {
        let window = &rest[..floor_char(rest, size * 3 / 2)];
        let cut = [("\n\n", size / 2), ("\n", size / 2), (" ", 1)]
            .iter()
            .find_map(|(sep, min)| {
                window
                    .rfind(sep)
                    .filter(|&i| i >= *min)
                    .map(|i| i + sep.len())
            })
            .unwrap_or(window.len());
        parts.push(rest[..cut].trim().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_string());
    }
    parts
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Keeps parts until `MAX_TEXT_BYTES` of text; says whether any was left out.
pub(crate) fn cap_parts(parts: Vec<String>) -> (Vec<String>, bool) {
    let mut total = 0usize;
    let mut kept = Vec::with_capacity(parts.len());
    let mut cut = false;
    for mut part in parts {
        if total + part.len() > MAX_TEXT_BYTES {
            cut = true;
            let room = MAX_TEXT_BYTES.saturating_sub(total);
            part.truncate(floor_char(&part, room));
        }
        total += part.len();
        kept.push(part);
        if cut {
            break;
        }
    }
    (kept, cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_windows_text_file_reads_with_its_accents() {
        assert_eq!(
            decode(b"financi\xEBle middelen \x80 5"),
            "financiële middelen € 5"
        );
        assert_eq!(decode("financiële".as_bytes()), "financiële");
        assert_eq!(decode(b"\xEF\xBB\xBFhallo"), "hallo");
    }

    #[test]
    fn parts_never_split_a_word_or_a_multibyte_character() {
        let text = "ë".repeat(5000);
        let parts = split_parts(&text, 3000);
        assert_eq!(parts.concat(), text);
        let words = "woord ".repeat(2000);
        for p in split_parts(&words, 3000) {
            assert!(p.split(' ').all(|w| w == "woord"), "{p}");
        }
    }
}
