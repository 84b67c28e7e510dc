-- 0012: what became of an advice. Its recommendations (the numbered points of the adopted
-- text), the college's reaction with an outcome per recommendation, commitments from it,
-- follow-up steps beside the status (reminder sent, municipal council informed), a reaction
-- term per request, and the texts of a year's annual report. Shared with the council's members
-- like the register; the college's letter itself stays on the computer it was attached on
-- (stored_file), the reaction shares its name and checksum.

-- Empty: the council's term applies.
ALTER TABLE advice_request ADD COLUMN reaction_term_days INTEGER
    CHECK (reaction_term_days IS NULL OR reaction_term_days BETWEEN 1 AND 365);

CREATE TABLE recommendation (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    -- Order within the advice; kept 1..n by the app (two members' merges may repeat one).
    number        INTEGER NOT NULL CHECK (number >= 1),
    section_title TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body          TEXT NOT NULL CHECK (length(trim(body)) > 0),
    edited        INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    outcome       TEXT CHECK (outcome IS NULL OR outcome IN
                      ('adopted', 'partly_adopted', 'not_adopted', 'noted', 'no_reaction')),
    reasoning     TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
) STRICT;
CREATE INDEX recommendation_request ON recommendation (request_id, number);

CREATE TABLE reaction (
    request_id    TEXT PRIMARY KEY REFERENCES advice_request(id) ON DELETE CASCADE,
    received_on   TEXT NOT NULL,
    reference     TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    letter_name   TEXT NOT NULL DEFAULT '',
    letter_sha256 TEXT NOT NULL DEFAULT '',
    letter_size   INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
) STRICT;

-- Files attached on this computer, by content. Never shared, never in a sync file.
CREATE TABLE stored_file (
    sha256    TEXT PRIMARY KEY,
    bytes     BLOB NOT NULL,
    stored_at TEXT NOT NULL
) STRICT;

CREATE TABLE commitment (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    due_on     TEXT,
    status     TEXT NOT NULL CHECK (status IN ('open', 'done', 'lapsed')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;
CREATE INDEX commitment_request ON commitment (request_id, status, due_on);
CREATE INDEX commitment_open ON commitment (status, due_on);

CREATE TABLE follow_up (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('reminder_sent', 'council_informed')),
    on_date     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX follow_up_request ON follow_up (request_id, on_date);

-- One per year (id 'jaar-2026', so two members writing the same year's texts meet in one record).
CREATE TABLE annual_report (
    id           TEXT PRIMARY KEY,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
    introduction TEXT NOT NULL DEFAULT '',
    closing      TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
) STRICT;

-- Advice given in a year: sent steps by date. And a request's steps of one status (its latest
-- sending, its reaction), which without the second index the planner would look up through
-- the first, reading every step of that status.
CREATE INDEX request_step_status_date ON request_step (status, on_date);
CREATE INDEX request_step_request_status ON request_step (request_id, status, on_date);

CREATE TRIGGER sync_recommendation_insert AFTER INSERT ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('recommendation', NEW.id, 'raad'); END;
CREATE TRIGGER sync_recommendation_update AFTER UPDATE ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('recommendation', NEW.id, 'raad'); END;
CREATE TRIGGER sync_recommendation_delete AFTER DELETE ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('recommendation', OLD.id, 'raad'); END;
CREATE TRIGGER sync_reaction_insert AFTER INSERT ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('reaction', NEW.request_id, 'raad'); END;
CREATE TRIGGER sync_reaction_update AFTER UPDATE ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('reaction', NEW.request_id, 'raad'); END;
CREATE TRIGGER sync_reaction_delete AFTER DELETE ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('reaction', OLD.request_id, 'raad'); END;
CREATE TRIGGER sync_commitment_insert AFTER INSERT ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('commitment', NEW.id, 'raad'); END;
CREATE TRIGGER sync_commitment_update AFTER UPDATE ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('commitment', NEW.id, 'raad'); END;
CREATE TRIGGER sync_commitment_delete AFTER DELETE ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('commitment', OLD.id, 'raad'); END;
CREATE TRIGGER sync_follow_up_insert AFTER INSERT ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('follow_up', NEW.id, 'raad'); END;
CREATE TRIGGER sync_follow_up_update AFTER UPDATE ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('follow_up', NEW.id, 'raad'); END;
CREATE TRIGGER sync_follow_up_delete AFTER DELETE ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('follow_up', OLD.id, 'raad'); END;
CREATE TRIGGER sync_annual_report_insert AFTER INSERT ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('annual_report', NEW.id, 'raad'); END;
CREATE TRIGGER sync_annual_report_update AFTER UPDATE ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('annual_report', NEW.id, 'raad'); END;
CREATE TRIGGER sync_annual_report_delete AFTER DELETE ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('annual_report', OLD.id, 'raad'); END;
