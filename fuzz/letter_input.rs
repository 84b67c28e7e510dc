//! Turns one fuzz input into a letter: the first lines fill the fields (subject, addressee,
//! references, salutation...), the rest is the Markdown of the two advice parts.

use advieswerk::advice::SectionScope;
use advieswerk::letter::model::{Letter, Part, Reader};

pub fn letter(text: &str) -> Letter {
    let mut lines = text.splitn(8, '\n');
    let mut next = || lines.next().unwrap_or("").to_owned();
    let (subject, addressee, ours, theirs, salutation, signer, copies) =
        (next(), next(), next(), next(), next(), next(), next());
    let body = next();
    let mut mid = body.len() / 2;
    while !body.is_char_boundary(mid) {
        mid -= 1;
    }
    let (regional, local) = body.split_at(mid);
    let mut reader = Reader::default();
    let parts = vec![
        Part {
            title: "A. Regionaal advies".into(),
            scope: SectionScope::Regional,
            blocks: reader.blocks(regional),
        },
        Part {
            title: "B. Aanvullend lokaal advies".into(),
            scope: SectionScope::Local,
            blocks: reader.blocks(local),
        },
    ];
    Letter {
        form: advieswerk::letter::model::Form::Letter,
        council: "Adviesraad Sociaal Domein Proefdorp".into(),
        letterhead: vec!["Postbus 1".into(), addressee.clone()],
        logo: None,
        addressee: addressee.split('|').map(str::to_owned).collect(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        our_reference: ours,
        their_reference: theirs,
        subject,
        salutation,
        parts,
        footnotes: reader.footnotes,
        closing_formula: "Met vriendelijke groet,".into(),
        signer,
        signer_role: "voorzitter".into(),
        attachments: vec![],
        copies: copies.split('|').map(str::to_owned).collect(),
    }
}
