-- 0013: documents on a request, and one search index over everything the council wrote and
-- received. A document's facts (name, kind, size, checksum, date received) are shared with the
-- council's members like the register; its bytes stay in stored_file on the computer it was
-- added on, and its text (read from those bytes) in document_text, by checksum, so two copies of
-- one file are stored and read once.

CREATE TABLE document (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'docx', 'odt', 'txt', 'eml', 'msg')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    received_on TEXT NOT NULL,
    -- The file's pages (a PDF) or text parts; 0 while not read on this computer.
    pages       INTEGER NOT NULL DEFAULT 0,
    -- 'no_text': the file has pages but no text (a scan); 'cut': text beyond the cap left out.
    text_note   TEXT NOT NULL DEFAULT '' CHECK (text_note IN ('', 'no_text', 'cut')),
    added_at    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;
CREATE INDEX document_request ON document (request_id, received_on);
CREATE INDEX document_sha256 ON document (sha256);

-- A file's text by part (a PDF's page), read once per content. Local, like the bytes.
CREATE TABLE document_text (
    sha256 TEXT NOT NULL,
    part   INTEGER NOT NULL CHECK (part >= 1),
    text   TEXT NOT NULL,
    PRIMARY KEY (sha256, part)
) STRICT, WITHOUT ROWID;

-- The search index's entries. One per searchable thing (a request's facts, a section's current
-- text, a reaction, a commitment, a document's part), with the filters a search narrows by. The
-- words themselves are indexed outside SQLite, in a tantivy index beside the database file
-- (measured 50 times faster than FTS5 on the benchmark; ARCHITECTURE.md), which is derived
-- from these tables and rebuilt from them whenever it is missing or does not match
-- (search_state's generation, the number of entries). Ids are never reused (AUTOINCREMENT), so
-- an index entry of a change that was rolled back can never point at another entry.
CREATE TABLE search_entry (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    part         INTEGER NOT NULL DEFAULT 0,
    request_id   TEXT NOT NULL,
    year         INTEGER,
    theme_id     TEXT,
    confidential INTEGER NOT NULL DEFAULT 0,
    title        TEXT NOT NULL,
    -- The text snippets are cut from; NULL for a document's part (read from document_text).
    body         TEXT,
    UNIQUE (kind, source_id, part)
) STRICT;
CREATE INDEX search_entry_request ON search_entry (request_id);

-- Which build of the word index belongs to this database (the index keeps the same value in a
-- file of its own): a restored backup or a copied database meets an index that is not its own.
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation TEXT NOT NULL
) STRICT;

-- What changed since the index was last brought up to date: filled by triggers, drained by the
-- app before a search (and after a burst of writes), so a write never waits for stemming. The
-- triggers test for the row rather than use OR IGNORE, which an upsert would override.
CREATE TABLE search_dirty (
    kind      TEXT NOT NULL,
    source_id TEXT NOT NULL,
    PRIMARY KEY (kind, source_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER search_request_insert AFTER INSERT ON advice_request
BEGIN INSERT INTO search_dirty SELECT 'request', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'request' AND source_id = NEW.id); END;
CREATE TRIGGER search_request_update AFTER UPDATE ON advice_request
BEGIN INSERT INTO search_dirty SELECT 'request', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'request' AND source_id = NEW.id); END;
CREATE TRIGGER search_request_delete AFTER DELETE ON advice_request
BEGIN INSERT INTO search_dirty SELECT 'request', OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'request' AND source_id = OLD.id); END;
CREATE TRIGGER search_section_insert AFTER INSERT ON advice_section
BEGIN INSERT INTO search_dirty SELECT 'section', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'section' AND source_id = NEW.id); END;
CREATE TRIGGER search_section_update AFTER UPDATE OF title, body, removed_at ON advice_section
BEGIN INSERT INTO search_dirty SELECT 'section', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'section' AND source_id = NEW.id); END;
CREATE TRIGGER search_section_delete AFTER DELETE ON advice_section
BEGIN INSERT INTO search_dirty SELECT 'section', OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'section' AND source_id = OLD.id); END;
CREATE TRIGGER search_reaction_insert AFTER INSERT ON reaction
BEGIN INSERT INTO search_dirty SELECT 'reaction', NEW.request_id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'reaction' AND source_id = NEW.request_id); END;
CREATE TRIGGER search_reaction_update AFTER UPDATE ON reaction
BEGIN INSERT INTO search_dirty SELECT 'reaction', NEW.request_id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'reaction' AND source_id = NEW.request_id); END;
CREATE TRIGGER search_reaction_delete AFTER DELETE ON reaction
BEGIN INSERT INTO search_dirty SELECT 'reaction', OLD.request_id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'reaction' AND source_id = OLD.request_id); END;
-- The reaction's entry carries the college's reasoning per recommendation too.
CREATE TRIGGER search_recommendation_update AFTER UPDATE OF reasoning, title ON recommendation
BEGIN INSERT INTO search_dirty SELECT 'reaction', NEW.request_id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'reaction' AND source_id = NEW.request_id); END;
CREATE TRIGGER search_commitment_insert AFTER INSERT ON commitment
BEGIN INSERT INTO search_dirty SELECT 'commitment', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'commitment' AND source_id = NEW.id); END;
CREATE TRIGGER search_commitment_update AFTER UPDATE ON commitment
BEGIN INSERT INTO search_dirty SELECT 'commitment', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'commitment' AND source_id = NEW.id); END;
CREATE TRIGGER search_commitment_delete AFTER DELETE ON commitment
BEGIN INSERT INTO search_dirty SELECT 'commitment', OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'commitment' AND source_id = OLD.id); END;
CREATE TRIGGER search_document_insert AFTER INSERT ON document
BEGIN INSERT INTO search_dirty SELECT 'document', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'document' AND source_id = NEW.id); END;
CREATE TRIGGER search_document_update AFTER UPDATE ON document
BEGIN INSERT INTO search_dirty SELECT 'document', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'document' AND source_id = NEW.id); END;
CREATE TRIGGER search_document_delete AFTER DELETE ON document
BEGIN INSERT INTO search_dirty SELECT 'document', OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE kind = 'document' AND source_id = OLD.id); END;

-- Everything already written is indexed at the first search after the upgrade.
INSERT OR IGNORE INTO search_dirty SELECT 'request', id FROM advice_request;
INSERT OR IGNORE INTO search_dirty SELECT 'section', id FROM advice_section;
INSERT OR IGNORE INTO search_dirty SELECT 'reaction', request_id FROM reaction;
INSERT OR IGNORE INTO search_dirty SELECT 'commitment', id FROM commitment;

CREATE TRIGGER sync_document_insert AFTER INSERT ON document WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'document', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'document' AND record_id = NEW.id); END;
CREATE TRIGGER sync_document_update AFTER UPDATE ON document WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'document', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'document' AND record_id = NEW.id); END;
CREATE TRIGGER sync_document_delete AFTER DELETE ON document WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'document', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'document' AND record_id = OLD.id); END;

-- The sharing triggers again, without OR IGNORE: an upsert (INSERT ... ON CONFLICT DO UPDATE)
-- overrides a trigger's conflict clause, so saving a record twice before the next round refused
-- the second save ("UNIQUE constraint failed: sync_outbox"). NOT EXISTS never conflicts.
DROP TRIGGER sync_council_insert;
CREATE TRIGGER sync_council_insert AFTER INSERT ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'council', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'council' AND record_id = NEW.id); END;
DROP TRIGGER sync_council_update;
CREATE TRIGGER sync_council_update AFTER UPDATE ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'council', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'council' AND record_id = NEW.id); END;
DROP TRIGGER sync_council_delete;
CREATE TRIGGER sync_council_delete AFTER DELETE ON council WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'council', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'council' AND record_id = OLD.id); END;
DROP TRIGGER sync_theme_insert;
CREATE TRIGGER sync_theme_insert AFTER INSERT ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'theme', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'theme' AND record_id = NEW.id); END;
DROP TRIGGER sync_theme_update;
CREATE TRIGGER sync_theme_update AFTER UPDATE ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'theme', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'theme' AND record_id = NEW.id); END;
DROP TRIGGER sync_theme_delete;
CREATE TRIGGER sync_theme_delete AFTER DELETE ON theme WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'theme', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'theme' AND record_id = OLD.id); END;
DROP TRIGGER sync_working_group_insert;
CREATE TRIGGER sync_working_group_insert AFTER INSERT ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group' AND record_id = NEW.id); END;
DROP TRIGGER sync_working_group_update;
CREATE TRIGGER sync_working_group_update AFTER UPDATE ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group' AND record_id = NEW.id); END;
DROP TRIGGER sync_working_group_delete;
CREATE TRIGGER sync_working_group_delete AFTER DELETE ON working_group WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group' AND record_id = OLD.id); END;
DROP TRIGGER sync_working_group_member_insert;
CREATE TRIGGER sync_working_group_member_insert AFTER INSERT ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group_member', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group_member' AND record_id = NEW.id); END;
DROP TRIGGER sync_working_group_member_update;
CREATE TRIGGER sync_working_group_member_update AFTER UPDATE ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group_member', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group_member' AND record_id = NEW.id); END;
DROP TRIGGER sync_working_group_member_delete;
CREATE TRIGGER sync_working_group_member_delete AFTER DELETE ON working_group_member WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'working_group_member', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'working_group_member' AND record_id = OLD.id); END;
DROP TRIGGER sync_meeting_insert;
CREATE TRIGGER sync_meeting_insert AFTER INSERT ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'meeting', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'meeting' AND record_id = NEW.id); END;
DROP TRIGGER sync_meeting_update;
CREATE TRIGGER sync_meeting_update AFTER UPDATE ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'meeting', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'meeting' AND record_id = NEW.id); END;
DROP TRIGGER sync_meeting_delete;
CREATE TRIGGER sync_meeting_delete AFTER DELETE ON meeting WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'meeting', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'meeting' AND record_id = OLD.id); END;
DROP TRIGGER sync_municipality_insert;
CREATE TRIGGER sync_municipality_insert AFTER INSERT ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'municipality', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'municipality' AND record_id = NEW.id); END;
DROP TRIGGER sync_municipality_update;
CREATE TRIGGER sync_municipality_update AFTER UPDATE ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'municipality', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'municipality' AND record_id = NEW.id); END;
DROP TRIGGER sync_municipality_delete;
CREATE TRIGGER sync_municipality_delete AFTER DELETE ON municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'municipality', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'municipality' AND record_id = OLD.id); END;
DROP TRIGGER sync_advice_request_insert;
CREATE TRIGGER sync_advice_request_insert AFTER INSERT ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_request', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_request' AND record_id = NEW.id); END;
DROP TRIGGER sync_advice_request_update;
CREATE TRIGGER sync_advice_request_update AFTER UPDATE ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_request', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_request' AND record_id = NEW.id); END;
DROP TRIGGER sync_advice_request_delete;
CREATE TRIGGER sync_advice_request_delete AFTER DELETE ON advice_request WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_request', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_request' AND record_id = OLD.id); END;
DROP TRIGGER sync_request_step_insert;
CREATE TRIGGER sync_request_step_insert AFTER INSERT ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'request_step', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'request_step' AND record_id = NEW.id); END;
DROP TRIGGER sync_request_step_update;
CREATE TRIGGER sync_request_step_update AFTER UPDATE ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'request_step', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'request_step' AND record_id = NEW.id); END;
DROP TRIGGER sync_request_step_delete;
CREATE TRIGGER sync_request_step_delete AFTER DELETE ON request_step WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'request_step', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'request_step' AND record_id = OLD.id); END;
DROP TRIGGER sync_letter_details_insert;
CREATE TRIGGER sync_letter_details_insert AFTER INSERT ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letter_details', NEW.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letter_details' AND record_id = NEW.request_id); END;
DROP TRIGGER sync_letter_details_update;
CREATE TRIGGER sync_letter_details_update AFTER UPDATE ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letter_details', NEW.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letter_details' AND record_id = NEW.request_id); END;
DROP TRIGGER sync_letter_details_delete;
CREATE TRIGGER sync_letter_details_delete AFTER DELETE ON letter_details WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letter_details', OLD.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letter_details' AND record_id = OLD.request_id); END;
DROP TRIGGER sync_letterhead_insert;
CREATE TRIGGER sync_letterhead_insert AFTER INSERT ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letterhead', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letterhead' AND record_id = NEW.id); END;
DROP TRIGGER sync_letterhead_update;
CREATE TRIGGER sync_letterhead_update AFTER UPDATE ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letterhead', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letterhead' AND record_id = NEW.id); END;
DROP TRIGGER sync_letterhead_delete;
CREATE TRIGGER sync_letterhead_delete AFTER DELETE ON letterhead WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'letterhead', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'letterhead' AND record_id = OLD.id); END;
DROP TRIGGER sync_track_insert;
CREATE TRIGGER sync_track_insert AFTER INSERT ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track' AND record_id = NEW.id); END;
DROP TRIGGER sync_track_update;
CREATE TRIGGER sync_track_update AFTER UPDATE ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track' AND record_id = NEW.id); END;
DROP TRIGGER sync_track_delete;
CREATE TRIGGER sync_track_delete AFTER DELETE ON track WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track' AND record_id = OLD.id); END;
DROP TRIGGER sync_track_municipality_insert;
CREATE TRIGGER sync_track_municipality_insert AFTER INSERT ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track_municipality', NEW.track_id || '/' || NEW.municipality_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track_municipality' AND record_id = NEW.track_id || '/' || NEW.municipality_id); END;
DROP TRIGGER sync_track_municipality_update;
CREATE TRIGGER sync_track_municipality_update AFTER UPDATE ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track_municipality', NEW.track_id || '/' || NEW.municipality_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track_municipality' AND record_id = NEW.track_id || '/' || NEW.municipality_id); END;
DROP TRIGGER sync_track_municipality_delete;
CREATE TRIGGER sync_track_municipality_delete AFTER DELETE ON track_municipality WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'track_municipality', OLD.track_id || '/' || OLD.municipality_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'track_municipality' AND record_id = OLD.track_id || '/' || OLD.municipality_id); END;
DROP TRIGGER sync_milestone_insert;
CREATE TRIGGER sync_milestone_insert AFTER INSERT ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'milestone', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'milestone' AND record_id = NEW.id); END;
DROP TRIGGER sync_milestone_update;
CREATE TRIGGER sync_milestone_update AFTER UPDATE ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'milestone', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'milestone' AND record_id = NEW.id); END;
DROP TRIGGER sync_milestone_delete;
CREATE TRIGGER sync_milestone_delete AFTER DELETE ON milestone WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'milestone', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'milestone' AND record_id = OLD.id); END;
DROP TRIGGER sync_advice_section_insert;
CREATE TRIGGER sync_advice_section_insert AFTER INSERT ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_section', NEW.id, 'advies/' || NEW.request_id
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_section' AND record_id = NEW.id); END;
DROP TRIGGER sync_advice_section_update;
CREATE TRIGGER sync_advice_section_update AFTER UPDATE ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_section', NEW.id, 'advies/' || NEW.request_id
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_section' AND record_id = NEW.id); END;
DROP TRIGGER sync_advice_section_delete;
CREATE TRIGGER sync_advice_section_delete AFTER DELETE ON advice_section WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'advice_section', OLD.id, 'advies/' || OLD.request_id
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'advice_section' AND record_id = OLD.id); END;
DROP TRIGGER sync_region_author_insert;
CREATE TRIGGER sync_region_author_insert AFTER INSERT ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'region_author', NEW.token, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'region_author' AND record_id = NEW.token); END;
DROP TRIGGER sync_region_author_update;
CREATE TRIGGER sync_region_author_update AFTER UPDATE ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'region_author', NEW.token, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'region_author' AND record_id = NEW.token); END;
DROP TRIGGER sync_region_author_delete;
CREATE TRIGGER sync_region_author_delete AFTER DELETE ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'region_author', OLD.token, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'region_author' AND record_id = OLD.token); END;
DROP TRIGGER sync_recommendation_insert;
CREATE TRIGGER sync_recommendation_insert AFTER INSERT ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'recommendation', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'recommendation' AND record_id = NEW.id); END;
DROP TRIGGER sync_recommendation_update;
CREATE TRIGGER sync_recommendation_update AFTER UPDATE ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'recommendation', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'recommendation' AND record_id = NEW.id); END;
DROP TRIGGER sync_recommendation_delete;
CREATE TRIGGER sync_recommendation_delete AFTER DELETE ON recommendation WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'recommendation', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'recommendation' AND record_id = OLD.id); END;
DROP TRIGGER sync_reaction_insert;
CREATE TRIGGER sync_reaction_insert AFTER INSERT ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'reaction', NEW.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'reaction' AND record_id = NEW.request_id); END;
DROP TRIGGER sync_reaction_update;
CREATE TRIGGER sync_reaction_update AFTER UPDATE ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'reaction', NEW.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'reaction' AND record_id = NEW.request_id); END;
DROP TRIGGER sync_reaction_delete;
CREATE TRIGGER sync_reaction_delete AFTER DELETE ON reaction WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'reaction', OLD.request_id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'reaction' AND record_id = OLD.request_id); END;
DROP TRIGGER sync_commitment_insert;
CREATE TRIGGER sync_commitment_insert AFTER INSERT ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'commitment', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'commitment' AND record_id = NEW.id); END;
DROP TRIGGER sync_commitment_update;
CREATE TRIGGER sync_commitment_update AFTER UPDATE ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'commitment', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'commitment' AND record_id = NEW.id); END;
DROP TRIGGER sync_commitment_delete;
CREATE TRIGGER sync_commitment_delete AFTER DELETE ON commitment WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'commitment', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'commitment' AND record_id = OLD.id); END;
DROP TRIGGER sync_follow_up_insert;
CREATE TRIGGER sync_follow_up_insert AFTER INSERT ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'follow_up', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'follow_up' AND record_id = NEW.id); END;
DROP TRIGGER sync_follow_up_update;
CREATE TRIGGER sync_follow_up_update AFTER UPDATE ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'follow_up', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'follow_up' AND record_id = NEW.id); END;
DROP TRIGGER sync_follow_up_delete;
CREATE TRIGGER sync_follow_up_delete AFTER DELETE ON follow_up WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'follow_up', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'follow_up' AND record_id = OLD.id); END;
DROP TRIGGER sync_annual_report_insert;
CREATE TRIGGER sync_annual_report_insert AFTER INSERT ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'annual_report', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'annual_report' AND record_id = NEW.id); END;
DROP TRIGGER sync_annual_report_update;
CREATE TRIGGER sync_annual_report_update AFTER UPDATE ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'annual_report', NEW.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'annual_report' AND record_id = NEW.id); END;
DROP TRIGGER sync_annual_report_delete;
CREATE TRIGGER sync_annual_report_delete AFTER DELETE ON annual_report WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT INTO sync_outbox SELECT 'annual_report', OLD.id, 'raad'
    WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE table_name = 'annual_report' AND record_id = OLD.id); END;
