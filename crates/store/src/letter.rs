//! SQL of what the letter says besides the advice: the council's single letterhead row (with its
//! logo) and the letter's own data per request.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;
use advieswerk_domain::RequestId;
use advieswerk_domain::date;
use advieswerk_domain::letterhead::{LetterDetails, Letterhead, LetterheadInput};

impl Store {
    /// The letterhead; a database without one gets the defaults (nothing is written).
    pub fn get_letterhead(&self) -> Result<Letterhead> {
        Ok(self
            .conn()
            .query_row(
                "SELECT postal_address, email, website, phone, logo_format, length(logo),
                        closing_formula, signer_role
                 FROM letterhead WHERE id = 'main'",
                [],
                |r| {
                    Ok(Letterhead {
                        postal_address: r.get(0)?,
                        email: r.get(1)?,
                        website: r.get(2)?,
                        phone: r.get(3)?,
                        logo_format: r.get(4)?,
                        logo_bytes: r.get::<_, Option<u32>>(5)?.unwrap_or(0),
                        closing_formula: r.get(6)?,
                        signer_role: r.get(7)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    pub fn upsert_letterhead(&mut self, h: &LetterheadInput) -> Result<()> {
        self.conn().execute(
            "INSERT INTO letterhead (id, postal_address, email, website, phone, closing_formula,
                                     signer_role, updated_at, updated_by)
             VALUES ('main', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (id) DO UPDATE SET
                postal_address = excluded.postal_address, email = excluded.email,
                website = excluded.website, phone = excluded.phone,
                closing_formula = excluded.closing_formula, signer_role = excluded.signer_role,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![
                h.postal_address,
                h.email,
                h.website,
                h.phone,
                h.closing_formula,
                h.signer_role,
                self.now_stamp(),
                self.author(),
            ],
        )?;
        Ok(())
    }

    /// Stores (or with `None` removes) the logo, creating the letterhead row when needed.
    pub fn set_logo(&mut self, logo: Option<(&[u8], &str)>) -> Result<()> {
        let (bytes, format) = logo.unzip();
        self.conn().execute(
            "INSERT INTO letterhead (id, logo, logo_format, updated_at, updated_by)
             VALUES ('main', ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET logo = excluded.logo,
                logo_format = excluded.logo_format, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by",
            params![bytes, format, self.now_stamp(), self.author()],
        )?;
        Ok(())
    }

    /// The logo's bytes and format, if one is stored.
    pub fn get_logo(&self) -> Result<Option<(Vec<u8>, String)>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT logo, logo_format FROM letterhead
                 WHERE id = 'main' AND logo IS NOT NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn get_letter_details(&self, request_id: &RequestId) -> Result<Option<LetterDetails>> {
        let request_id = request_id.as_str();
        Ok(self
            .conn()
            .query_row(
                "SELECT addressee, letter_date, our_reference, their_reference, salutation,
                        closing_formula, attachments, copies, signer, signer_role
                 FROM letter_details WHERE request_id = ?1",
                [request_id],
                |r| {
                    Ok(LetterDetails {
                        request_id: request_id.into(),
                        addressee: r.get(0)?,
                        date: r
                            .get::<_, Option<String>>(1)?
                            .and_then(|d| date::from_iso(&d)),
                        our_reference: r.get(2)?,
                        their_reference: r.get(3)?,
                        salutation: r.get(4)?,
                        closing_formula: r.get(5)?,
                        attachments: r.get(6)?,
                        copies: r.get(7)?,
                        signer: r.get(8)?,
                        signer_role: r.get(9)?,
                        stored: true,
                    })
                },
            )
            .optional()?)
    }

    pub fn upsert_letter_details(&mut self, d: &LetterDetails) -> Result<()> {
        self.conn().execute(
            "INSERT INTO letter_details (request_id, addressee, letter_date, our_reference,
                 their_reference, salutation, closing_formula, attachments, copies, signer,
                 signer_role, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (request_id) DO UPDATE SET
                addressee = excluded.addressee, letter_date = excluded.letter_date,
                our_reference = excluded.our_reference,
                their_reference = excluded.their_reference, salutation = excluded.salutation,
                closing_formula = excluded.closing_formula, attachments = excluded.attachments,
                copies = excluded.copies, signer = excluded.signer,
                signer_role = excluded.signer_role, version = version + 1,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![
                d.request_id.as_str(),
                d.addressee,
                d.date.map(date::iso),
                d.our_reference,
                d.their_reference,
                d.salutation,
                d.closing_formula,
                d.attachments,
                d.copies,
                d.signer,
                d.signer_role,
                self.now_stamp(),
                self.author(),
            ],
        )?;
        Ok(())
    }
}

impl Store {
    /// Requests received in `year` whose advice has any text, oldest first.
    pub fn requests_with_advice_in_year(&self, year: i32) -> Result<Vec<RequestId>> {
        let mut stmt = self.conn().prepare(
            "SELECT r.id FROM advice_request r
             WHERE r.received_on >= ?1 AND r.received_on < ?2
               AND EXISTS (SELECT 1 FROM advice_section s
                           WHERE s.request_id = r.id AND s.removed_at IS NULL
                             AND length(trim(s.body)) > 0)
             ORDER BY r.received_on, r.id",
        )?;
        let ids = stmt
            .query_map(
                params![format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1)],
                |r| crate::columns::id(r, 0),
            )?
            .collect::<rusqlite::Result<Vec<RequestId>>>()?;
        Ok(ids)
    }
}
