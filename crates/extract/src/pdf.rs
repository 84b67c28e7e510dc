//! PDF text by page. The parser (pdf-extract on lopdf) caps nesting depth itself; it may still
//! panic on a malformed file, so it runs on a thread of its own with a generous stack and a
//! panic there is a damaged file, not a crash of the app.

use crate::{Error, Kind, Result};

const STACK_BYTES: usize = 64 * 1024 * 1024;

/// What all compressed streams of one PDF may unpack to (256 MB): a 100 MB PDF of real pages
/// unpacks to far less; a "PDF bomb" (a few kB of zeros that inflate to gigabytes) is refused
/// before the reader, which inflates without a cap, could try.
pub const MAX_PDF_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

pub(crate) fn pages(bytes: &[u8]) -> Result<Vec<String>> {
    check_unpacked_size(bytes)?;
    let owned = bytes.to_vec();
    let reader = std::thread::Builder::new()
        .name("pdf-tekst".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&owned))
        })
        .map_err(|e| Error::damaged(Kind::Pdf, e))?;
    match reader.join() {
        Ok(Ok(Ok(pages))) => Ok(pages.into_iter().map(|p| tidy(&p)).collect()),
        Ok(Ok(Err(e))) => Err(Error::damaged(Kind::Pdf, e)),
        Ok(Err(_)) | Err(_) => Err(Error::damaged(Kind::Pdf, "de PDF-lezer liep vast")),
    }
}

/// pdf-extract writes runs of blank lines between text blocks; two at most are kept.
fn tidy(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut blank = 0;
    for line in page.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.trim().to_string()
}

/// Inflates every Flate stream of the file into a counter (nothing is kept) and refuses the file
/// when the total passes `MAX_PDF_UNPACKED_BYTES`. Streams are found by their keywords; one the
/// scan misreads is left to the reader, which refuses a damaged file on its own.
fn check_unpacked_size(bytes: &[u8]) -> Result<()> {
    use std::io::Read;
    let mut total = 0u64;
    let mut at = 0usize;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let start = at + found;
        at = start + 6;
        // "endstream" contains "stream": skip it.
        if start >= 3 && &bytes[start - 3..start] == b"end" {
            continue;
        }
        let data = match bytes.get(at..) {
            Some(d) if d.starts_with(b"\r\n") => &d[2..],
            Some(d) if d.starts_with(b"\n") => &d[1..],
            _ => continue,
        };
        let dict = &bytes[start.saturating_sub(2048)..start];
        let dict = &dict[find_last(dict, b"<<").unwrap_or(0)..];
        if find(dict, b"/FlateDecode").is_none() {
            continue;
        }
        let room = MAX_PDF_UNPACKED_BYTES + 1 - total;
        let mut inflated = flate2::read::ZlibDecoder::new(data).take(room);
        let n = std::io::copy(&mut inflated, &mut std::io::sink()).unwrap_or(0);
        total += n;
        if total > MAX_PDF_UNPACKED_BYTES {
            return Err(Error::Bomb { kind: Kind::Pdf });
        }
    }
    Ok(())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
