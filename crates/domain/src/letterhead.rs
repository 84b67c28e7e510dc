//! What the letter says besides the advice: the council's letterhead (address, contact, logo,
//! closing formula, the signer's role) and, per request, the letter's own data (addressee,
//! date, references, salutation, attachments, copies). Types as the UI sees them, the inputs its
//! forms send, and their validation, naming the field of every problem.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::error::{Error, Problems, Result};

pub const MAX_LINE: usize = 200;
pub const MAX_LINES: usize = 20;
/// A logo is a small picture; a larger file is most likely the wrong one.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;
/// Pixels per side of a PNG logo: plenty for print, and bounds the memory to decode it.
pub const MAX_LOGO_SIDE: u32 = 4000;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Letterhead {
    /// Street or PO box, postcode and place: one line each.
    pub postal_address: String,
    pub email: String,
    pub website: String,
    pub phone: String,
    /// `png` or `svg` when a logo is stored.
    pub logo_format: Option<String>,
    pub logo_bytes: u32,
    pub closing_formula: String,
    pub signer_role: String,
}

impl Default for Letterhead {
    fn default() -> Self {
        Letterhead {
            postal_address: String::new(),
            email: String::new(),
            website: String::new(),
            phone: String::new(),
            logo_format: None,
            logo_bytes: 0,
            closing_formula: "Met vriendelijke groeten,".into(),
            signer_role: "voorzitter".into(),
        }
    }
}

impl Letterhead {
    /// The lines under the council's name in the letter's header.
    pub fn lines(&self) -> Vec<String> {
        let address: Vec<&str> = lines(&self.postal_address);
        let contact: Vec<String> = [
            (!self.phone.is_empty()).then(|| format!("Telefoon {}", self.phone)),
            (!self.email.is_empty()).then(|| self.email.clone()),
            (!self.website.is_empty()).then(|| self.website.clone()),
        ]
        .into_iter()
        .flatten()
        .collect();
        [address.join(", "), contact.join(" · ")]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterheadInput {
    pub postal_address: String,
    pub email: String,
    pub website: String,
    pub phone: String,
    pub closing_formula: String,
    pub signer_role: String,
}

/// The non-empty, trimmed lines of a multi-line field.
pub fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

fn line(p: &mut Problems, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        p.add(field, format!("Maximaal {max} tekens."));
    }
    if v.contains('\n') {
        p.add(field, "Eén regel, zonder regeleinden.");
    }
    v.to_owned()
}

fn multi_line(p: &mut Problems, field: &str, value: &str, what: &str) -> String {
    let kept = lines(value);
    if kept.len() > MAX_LINES {
        p.add(field, format!("Maximaal {MAX_LINES} regels {what}."));
    }
    if let Some(n) = kept.iter().position(|l| l.chars().count() > MAX_LINE) {
        p.add(
            field,
            format!("Regel {} is te lang: maximaal {MAX_LINE} tekens.", n + 1),
        );
    }
    kept.join("\n")
}

pub fn validate_letterhead(input: &LetterheadInput) -> Result<LetterheadInput> {
    let mut p = Problems::default();
    let postal_address = multi_line(&mut p, "postalAddress", &input.postal_address, "adres");
    let email = line(&mut p, "email", &input.email, MAX_LINE);
    if !email.is_empty() {
        let ok = match email.split_once('@') {
            Some((user, host)) => {
                !user.is_empty()
                    && host.contains('.')
                    && !host.starts_with('.')
                    && !host.ends_with('.')
                    && !email.contains(char::is_whitespace)
                    && !host.contains('@')
            }
            None => false,
        };
        if !ok {
            p.add(
                "email",
                "Vul een geldig e-mailadres in, zoals secretariaat@adviesraad.nl.",
            );
        }
    }
    let website = line(&mut p, "website", &input.website, MAX_LINE);
    if !website.is_empty() {
        let host = website
            .strip_prefix("https://")
            .or_else(|| website.strip_prefix("http://"))
            .unwrap_or(&website);
        if !host.contains('.') || website.contains(char::is_whitespace) || host.starts_with('.') {
            p.add(
                "website",
                "Vul een geldig webadres in, zoals www.adviesraad.nl.",
            );
        }
    }
    let phone = line(&mut p, "phone", &input.phone, 40);
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c))
    {
        p.add(
            "phone",
            "Een telefoonnummer bevat alleen cijfers, spaties, +, - en haakjes.",
        );
    }
    let closing_formula = line(&mut p, "closingFormula", &input.closing_formula, 100);
    if closing_formula.is_empty() {
        p.add(
            "closingFormula",
            "Vul een slotformule in, zoals 'Met vriendelijke groeten,'.",
        );
    }
    let signer_role = line(&mut p, "signerRole", &input.signer_role, 100);
    p.into_result()?;
    Ok(LetterheadInput {
        postal_address,
        email,
        website,
        phone,
        closing_formula,
        signer_role,
    })
}

/// The logo's format from its bytes: a PNG by its signature, an SVG by its root element.
pub fn logo_format(bytes: &[u8]) -> Result<&'static str> {
    let refuse = |m: String| Err(Error::validation("logo", m));
    if bytes.is_empty() {
        return refuse("Het gekozen bestand is leeg.".into());
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return refuse(format!(
            "Het logo is {} kB; het mag hoogstens {} kB zijn.",
            bytes.len() / 1024,
            MAX_LOGO_BYTES / 1024
        ));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        // A small file can decode to a huge picture: refuse that before anything decodes it.
        let side = |at: usize| {
            bytes
                .get(at..at + 4)
                .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        };
        return match (side(16), side(20)) {
            (Some(w), Some(h)) if w <= MAX_LOGO_SIDE && h <= MAX_LOGO_SIDE => Ok("png"),
            (Some(w), Some(h)) => refuse(format!(
                "Het logo is {w} × {h} pixels; hoogstens {MAX_LOGO_SIDE} pixels per kant."
            )),
            _ => refuse("Dit PNG-bestand is onvolledig.".into()),
        };
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if head.contains("<svg") {
        return Ok("svg");
    }
    refuse("Kies een logo als PNG- of SVG-bestand; dit bestand is geen van beide.".into())
}

/// The letter's own data for one request, as stored, or as the letter would be without any.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterDetails {
    pub request_id: crate::RequestId,
    /// One line each: the college, then its address.
    pub addressee: String,
    /// None: the day the advice was sent, or today until then.
    pub date: Option<NaiveDate>,
    pub our_reference: String,
    pub their_reference: String,
    /// Empty when the opening text starts with its own salutation.
    pub salutation: String,
    /// Empty: the letterhead's closing formula.
    pub closing_formula: String,
    pub attachments: String,
    pub copies: String,
    /// Who signs this letter. Empty: the council's chair (Instellingen).
    pub signer: String,
    /// Empty: the letterhead's role (`voorzitter`).
    pub signer_role: String,
    /// False while the letter still runs on what the request and the letterhead say.
    pub stored: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterDetailsInput {
    pub request_id: crate::RequestId,
    pub addressee: String,
    /// `dd-mm-jjjj`, or empty.
    pub date: String,
    pub our_reference: String,
    pub their_reference: String,
    pub salutation: String,
    pub closing_formula: String,
    pub attachments: String,
    pub copies: String,
    pub signer: String,
    pub signer_role: String,
}

/// The salutation a letter to `addressee` opens with when its opening text has none of its own.
pub fn default_salutation(addressee: &str) -> &'static str {
    let first = addressee.lines().next().unwrap_or("").trim().to_lowercase();
    if first.starts_with("college") || first.starts_with("het college") {
        "Geacht college,"
    } else if first.contains("gemeenteraad")
        || first.starts_with("de raad")
        || first.starts_with("raad ")
    {
        "Geachte leden van de raad,"
    } else if first.starts_with("wethouder") || first.starts_with("de wethouder") {
        "Geachte wethouder,"
    } else if first.starts_with("burgemeester") || first.starts_with("de burgemeester") {
        "Geachte burgemeester,"
    } else {
        "Geachte heer, mevrouw,"
    }
}

pub fn validate_details(input: &LetterDetailsInput) -> Result<LetterDetails> {
    let mut p = Problems::default();
    let addressee = multi_line(&mut p, "addressee", &input.addressee, "adres");
    if addressee.is_empty() {
        p.add(
            "addressee",
            "Vul de geadresseerde in, zoals 'College van burgemeester en wethouders'.",
        );
    }
    let letter_date = p.take("date", date::parse_optional(&input.date)).flatten();
    let details = LetterDetails {
        request_id: input.request_id.clone(),
        addressee,
        date: letter_date,
        our_reference: line(&mut p, "ourReference", &input.our_reference, 100),
        their_reference: line(&mut p, "theirReference", &input.their_reference, 100),
        salutation: line(&mut p, "salutation", &input.salutation, MAX_LINE),
        closing_formula: line(&mut p, "closingFormula", &input.closing_formula, 100),
        attachments: multi_line(&mut p, "attachments", &input.attachments, "bijlagen"),
        copies: multi_line(&mut p, "copies", &input.copies, "afschriften"),
        signer: line(&mut p, "signer", &input.signer, 100),
        signer_role: line(&mut p, "signerRole", &input.signer_role, 100),
        stored: true,
    };
    p.into_result()?;
    Ok(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> LetterheadInput {
        LetterheadInput {
            postal_address: "Postbus 1\n2630 AA Nootdorp".into(),
            email: "secretariaat@asd.nl".into(),
            website: "www.asd.nl".into(),
            phone: "015 123 45 67".into(),
            closing_formula: "Met vriendelijke groet,".into(),
            signer_role: "voorzitter".into(),
        }
    }

    #[test]
    fn a_wrong_email_website_and_phone_are_each_named() {
        let mut i = head();
        i.email = "secretariaat at asd".into();
        i.website = "geen site".into();
        i.phone = "bel me".into();
        i.closing_formula = " ".into();
        let e = validate_letterhead(&i).unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["email", "website", "phone", "closingFormula"]);
    }

    #[test]
    fn the_letterhead_lines_join_the_address_and_the_contact_details() {
        let h = validate_letterhead(&head()).unwrap();
        let l = Letterhead {
            postal_address: h.postal_address,
            email: h.email,
            website: h.website,
            phone: h.phone,
            ..Letterhead::default()
        };
        assert_eq!(
            l.lines(),
            [
                "Postbus 1, 2630 AA Nootdorp",
                "Telefoon 015 123 45 67 · secretariaat@asd.nl · www.asd.nl"
            ]
        );
    }

    #[test]
    fn a_logo_is_a_png_or_an_svg_and_nothing_else() {
        let png = |w: u32, h: u32| {
            let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
            b.extend(w.to_be_bytes());
            b.extend(h.to_be_bytes());
            b
        };
        assert_eq!(logo_format(&png(400, 120)).unwrap(), "png");
        let e = logo_format(&png(40_000, 40_000)).unwrap_err();
        let message = &e.fields()[0].message;
        assert!(message.contains("40000 × 40000"), "{message}");
        assert!(logo_format(b"\x89PNG\r\n\x1a\nrest").is_err());
        assert_eq!(
            logo_format(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                .unwrap(),
            "svg"
        );
        for bad in [&b""[..], b"GIF89a", &vec![0u8; MAX_LOGO_BYTES + 1]] {
            let e = logo_format(bad).unwrap_err();
            assert_eq!(e.fields()[0].field, "logo");
        }
    }

    #[test]
    fn the_default_salutation_follows_the_addressee() {
        for (addressee, salutation) in [
            (
                "College van burgemeester en wethouders\nPostbus 1",
                "Geacht college,",
            ),
            ("De gemeenteraad van Delft", "Geachte leden van de raad,"),
            ("Wethouder J. Jansen", "Geachte wethouder,"),
            ("Stichting MEE", "Geachte heer, mevrouw,"),
            ("", "Geachte heer, mevrouw,"),
        ] {
            assert_eq!(default_salutation(addressee), salutation, "{addressee}");
        }
    }

    #[test]
    fn letter_details_name_the_bad_date_and_the_missing_addressee() {
        let e = validate_details(&LetterDetailsInput {
            request_id: "r".into(),
            addressee: "\n \n".into(),
            date: "31-02-2027".into(),
            our_reference: String::new(),
            their_reference: String::new(),
            salutation: String::new(),
            closing_formula: String::new(),
            attachments: "a\n".repeat(MAX_LINES + 1),
            copies: String::new(),
            signer: String::new(),
            signer_role: "r".repeat(101),
        })
        .unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["addressee", "date", "attachments", "signerRole"]);
    }
}
