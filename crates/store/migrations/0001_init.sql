-- 0001: the register. Released migrations are never edited; add a new numbered file instead.
-- Every record has a UUIDv7 text id and the time and installation of its last change, so that
-- the desktops of one council can later exchange and merge records.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Deleted records leave a tombstone so that a later merge does not bring them back.
CREATE TABLE tombstone (
    table_name TEXT NOT NULL,
    id         TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT NOT NULL,
    PRIMARY KEY (table_name, id)
) STRICT;

CREATE TABLE council (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL,
    municipality       TEXT NOT NULL,
    chair              TEXT NOT NULL,
    secretary          TEXT NOT NULL,
    advice_term_days   INTEGER NOT NULL CHECK (advice_term_days BETWEEN 1 AND 365),
    draft_lead_days    INTEGER NOT NULL CHECK (draft_lead_days BETWEEN 0 AND 90),
    reaction_term_days INTEGER NOT NULL CHECK (reaction_term_days BETWEEN 1 AND 365),
    due_soon_days      INTEGER NOT NULL CHECK (due_soon_days BETWEEN 1 AND 90),
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL
) STRICT;

CREATE TABLE meeting (
    id         TEXT PRIMARY KEY,
    held_on    TEXT NOT NULL UNIQUE,
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE theme (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE working_group (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    theme_id   TEXT REFERENCES theme(id) ON DELETE SET NULL,
    sort_order INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE working_group_member (
    id               TEXT PRIMARY KEY,
    working_group_id TEXT NOT NULL REFERENCES working_group(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT '',
    sort_order       INTEGER NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL
) STRICT;

CREATE TABLE advice_request (
    id                     TEXT PRIMARY KEY,
    subject                TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    requester              TEXT NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('asked', 'unasked')),
    theme_id               TEXT REFERENCES theme(id) ON DELETE SET NULL,
    working_group_id       TEXT REFERENCES working_group(id) ON DELETE SET NULL,
    received_on            TEXT NOT NULL,
    requested_by           TEXT,
    -- Derived from received_on, requested_by and the council's term; kept for sorting and
    -- recomputed whenever one of those changes.
    due_on                 TEXT,
    municipality_reference TEXT NOT NULL DEFAULT '',
    case_number            TEXT NOT NULL DEFAULT '',
    our_reference          TEXT NOT NULL DEFAULT '',
    notes                  TEXT NOT NULL DEFAULT '',
    confidential           INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    status                 TEXT NOT NULL,
    tenor                  TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    updated_by             TEXT NOT NULL,
    CHECK (requested_by IS NULL OR requested_by >= received_on)
) STRICT;

CREATE INDEX advice_request_status_due ON advice_request (status, due_on);
CREATE INDEX advice_request_due ON advice_request (due_on);
CREATE INDEX advice_request_received ON advice_request (received_on);
CREATE INDEX advice_request_theme ON advice_request (theme_id);
CREATE INDEX advice_request_group ON advice_request (working_group_id);

CREATE TABLE request_step (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    tenor       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (request_id, seq)
) STRICT;
