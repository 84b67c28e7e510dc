-- The letter: the council's letterhead (one row) and, per request, the letter's own data
-- (addressee, date, references, salutation, closing formula, attachments, copies).
-- Lines are stored as text with one line per entry.

CREATE TABLE letterhead (
    id              TEXT PRIMARY KEY CHECK (id = 'main'),
    postal_address  TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    logo            BLOB,
    logo_format     TEXT CHECK (logo_format IN ('png', 'svg')),
    closing_formula TEXT NOT NULL DEFAULT 'Met vriendelijke groeten,',
    signer_role     TEXT NOT NULL DEFAULT 'voorzitter',
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    CHECK ((logo IS NULL) = (logo_format IS NULL))
) STRICT;

CREATE TABLE letter_details (
    request_id      TEXT PRIMARY KEY REFERENCES advice_request(id) ON DELETE CASCADE,
    addressee       TEXT NOT NULL,
    letter_date     TEXT,
    our_reference   TEXT NOT NULL DEFAULT '',
    their_reference TEXT NOT NULL DEFAULT '',
    salutation      TEXT NOT NULL DEFAULT '',
    closing_formula TEXT NOT NULL DEFAULT '',
    attachments     TEXT NOT NULL DEFAULT '',
    copies          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
) STRICT;
