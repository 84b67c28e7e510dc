-- 0008: sharing one council between its members' desktops (advieswerk-sync). The shared state
-- lives in Loro documents kept here (snapshot + updates); the tables above are their projection.
-- Local changes reach the documents through an outbox that triggers fill while sharing is on.

-- Two members may each record a step of one request while apart: both steps are kept, so the
-- step number is an order, no longer unique. Rebuilt (SQLite cannot drop a constraint).
CREATE TABLE request_step_new (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    tenor       TEXT,
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
INSERT INTO request_step_new SELECT id, request_id, seq, status, on_date, reference, tenor, note,
    recorded_at, recorded_by FROM request_step;
DROP TABLE request_step;
ALTER TABLE request_step_new RENAME TO request_step;
CREATE INDEX request_step_order ON request_step (request_id, seq, recorded_at, id);

-- This installation's place in a shared council: one row, or none when it is not shared. The
-- passphrase is kept so a member can invite the next one; this file stays on the member's own
-- disk, never in the shared folder.
CREATE TABLE sync_space (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    folder        TEXT NOT NULL,
    passphrase    TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    member        TEXT NOT NULL CHECK (length(trim(member)) > 0),
    next_seq      INTEGER NOT NULL DEFAULT 1,
    -- Records changed here and not yet written to the folder.
    unsent        INTEGER NOT NULL DEFAULT 0,
    -- This device's own files since its last snapshot file.
    since_snapshot INTEGER NOT NULL DEFAULT 0,
    last_round_at TEXT,
    created_at    TEXT NOT NULL
) STRICT;

-- A shared document as this installation keeps it: a snapshot and the updates after it.
-- `stored_version` is what snapshot + updates hold; `sent_version` what the folder holds.
CREATE TABLE sync_doc (
    name           TEXT PRIMARY KEY,
    snapshot       BLOB,
    stored_version BLOB,
    sent_version   BLOB
) STRICT;

CREATE TABLE sync_doc_update (
    name  TEXT NOT NULL REFERENCES sync_doc(name) ON DELETE CASCADE,
    seq   INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (name, seq)
) STRICT;

-- Records changed here since they were last written into their document.
CREATE TABLE sync_outbox (
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id)
) STRICT, WITHOUT ROWID;

-- Files of the folder already applied, per device and sequence number.
CREATE TABLE sync_seen (
    device TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

-- Who writes from which device, as their files say.
CREATE TABLE sync_member (
    device     TEXT PRIMARY KEY,
    member     TEXT NOT NULL,
    last_seen  TEXT NOT NULL
) STRICT;

-- Records of a document that could not be written into the tables (a rule of the table refused
-- the merged state); tried again every round, shown in the sync status until resolved.
CREATE TABLE sync_problem (
    doc        TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    message    TEXT NOT NULL,
    PRIMARY KEY (doc, table_name, record_id)
) STRICT;

-- Every shared table notes its changed records in the outbox, with the document they belong to:
-- an advice's sections in the advice's own document, everything else in the council's.
CREATE TRIGGER sync_council_insert AFTER INSERT ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('council', NEW.id, 'raad'); END;
CREATE TRIGGER sync_council_update AFTER UPDATE ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('council', NEW.id, 'raad'); END;
CREATE TRIGGER sync_council_delete AFTER DELETE ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('council', OLD.id, 'raad'); END;
CREATE TRIGGER sync_theme_insert AFTER INSERT ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('theme', NEW.id, 'raad'); END;
CREATE TRIGGER sync_theme_update AFTER UPDATE ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('theme', NEW.id, 'raad'); END;
CREATE TRIGGER sync_theme_delete AFTER DELETE ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('theme', OLD.id, 'raad'); END;
CREATE TRIGGER sync_working_group_insert AFTER INSERT ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group', NEW.id, 'raad'); END;
CREATE TRIGGER sync_working_group_update AFTER UPDATE ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group', NEW.id, 'raad'); END;
CREATE TRIGGER sync_working_group_delete AFTER DELETE ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group', OLD.id, 'raad'); END;
CREATE TRIGGER sync_working_group_member_insert AFTER INSERT ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group_member', NEW.id, 'raad'); END;
CREATE TRIGGER sync_working_group_member_update AFTER UPDATE ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group_member', NEW.id, 'raad'); END;
CREATE TRIGGER sync_working_group_member_delete AFTER DELETE ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('working_group_member', OLD.id, 'raad'); END;
CREATE TRIGGER sync_meeting_insert AFTER INSERT ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('meeting', NEW.id, 'raad'); END;
CREATE TRIGGER sync_meeting_update AFTER UPDATE ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('meeting', NEW.id, 'raad'); END;
CREATE TRIGGER sync_meeting_delete AFTER DELETE ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('meeting', OLD.id, 'raad'); END;
CREATE TRIGGER sync_municipality_insert AFTER INSERT ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('municipality', NEW.id, 'raad'); END;
CREATE TRIGGER sync_municipality_update AFTER UPDATE ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('municipality', NEW.id, 'raad'); END;
CREATE TRIGGER sync_municipality_delete AFTER DELETE ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('municipality', OLD.id, 'raad'); END;
CREATE TRIGGER sync_advice_request_insert AFTER INSERT ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_request', NEW.id, 'raad'); END;
CREATE TRIGGER sync_advice_request_update AFTER UPDATE ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_request', NEW.id, 'raad'); END;
CREATE TRIGGER sync_advice_request_delete AFTER DELETE ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_request', OLD.id, 'raad'); END;
CREATE TRIGGER sync_request_step_insert AFTER INSERT ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('request_step', NEW.id, 'raad'); END;
CREATE TRIGGER sync_request_step_update AFTER UPDATE ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('request_step', NEW.id, 'raad'); END;
CREATE TRIGGER sync_request_step_delete AFTER DELETE ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('request_step', OLD.id, 'raad'); END;
CREATE TRIGGER sync_letter_details_insert AFTER INSERT ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letter_details', NEW.request_id, 'raad'); END;
CREATE TRIGGER sync_letter_details_update AFTER UPDATE ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letter_details', NEW.request_id, 'raad'); END;
CREATE TRIGGER sync_letter_details_delete AFTER DELETE ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letter_details', OLD.request_id, 'raad'); END;
CREATE TRIGGER sync_letterhead_insert AFTER INSERT ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letterhead', NEW.id, 'raad'); END;
CREATE TRIGGER sync_letterhead_update AFTER UPDATE ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letterhead', NEW.id, 'raad'); END;
CREATE TRIGGER sync_letterhead_delete AFTER DELETE ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('letterhead', OLD.id, 'raad'); END;
CREATE TRIGGER sync_track_insert AFTER INSERT ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track', NEW.id, 'raad'); END;
CREATE TRIGGER sync_track_update AFTER UPDATE ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track', NEW.id, 'raad'); END;
CREATE TRIGGER sync_track_delete AFTER DELETE ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track', OLD.id, 'raad'); END;
CREATE TRIGGER sync_track_municipality_insert AFTER INSERT ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track_municipality', NEW.track_id || '/' || NEW.municipality_id, 'raad'); END;
CREATE TRIGGER sync_track_municipality_update AFTER UPDATE ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track_municipality', NEW.track_id || '/' || NEW.municipality_id, 'raad'); END;
CREATE TRIGGER sync_track_municipality_delete AFTER DELETE ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('track_municipality', OLD.track_id || '/' || OLD.municipality_id, 'raad'); END;
CREATE TRIGGER sync_milestone_insert AFTER INSERT ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('milestone', NEW.id, 'raad'); END;
CREATE TRIGGER sync_milestone_update AFTER UPDATE ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('milestone', NEW.id, 'raad'); END;
CREATE TRIGGER sync_milestone_delete AFTER DELETE ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('milestone', OLD.id, 'raad'); END;
CREATE TRIGGER sync_advice_section_insert AFTER INSERT ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_section', NEW.id, 'advies/' || NEW.request_id); END;
CREATE TRIGGER sync_advice_section_update AFTER UPDATE ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_section', NEW.id, 'advies/' || NEW.request_id); END;
CREATE TRIGGER sync_advice_section_delete AFTER DELETE ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('advice_section', OLD.id, 'advies/' || OLD.request_id); END;
