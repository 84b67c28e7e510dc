-- 0010: the region (issue 17): texts the councils of a region write together, shared through
-- a folder of the region's own. Only regional documents (`regio/<text id>`) go there; the
-- tables below are their projection, plus this installation's place in the region.

-- This installation's place in the region: one row, or none. Its own device id (a council's
-- devices cannot be linked across its two folders) and a random token per member, which the
-- region sees instead of a name.
CREATE TABLE region_space (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    folder         TEXT NOT NULL,
    passphrase     TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    member_token   TEXT NOT NULL,
    council_name   TEXT NOT NULL CHECK (length(trim(council_name)) > 0),
    municipality   TEXT NOT NULL CHECK (length(trim(municipality)) > 0),
    next_seq       INTEGER NOT NULL DEFAULT 1,
    since_snapshot INTEGER NOT NULL DEFAULT 0,
    last_round_at  TEXT,
    created_at     TEXT NOT NULL
) STRICT;

-- A regional text as its document has it. `body` is the text everyone reads (open proposals'
-- words hidden); `revision` counts the changes this installation took in, for the editor's
-- guard against saving over text it did not see.
CREATE TABLE regional_text (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1,
    changed_at   TEXT NOT NULL
) STRICT;

CREATE TABLE regional_proposal (
    id           TEXT PRIMARY KEY,
    text_id      TEXT NOT NULL REFERENCES regional_text(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('replace', 'add', 'delete')),
    passage      TEXT NOT NULL,
    words        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    council_id   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'accepted', 'rejected')),
    decided_by   TEXT,
    decided_at   TEXT,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX regional_proposal_text ON regional_proposal (text_id, created_at);

-- Each council's state of a regional text, as it wrote it into the document: what the regional
-- overview and the timeline's lanes show. One indexed read for the whole region.
CREATE TABLE regional_council_state (
    text_id          TEXT NOT NULL REFERENCES regional_text(id) ON DELETE CASCADE,
    council_id       TEXT NOT NULL,
    council_name     TEXT NOT NULL,
    municipality     TEXT NOT NULL,
    reference        TEXT NOT NULL DEFAULT '',
    due_on           TEXT,
    meeting_on       TEXT,
    adopted_on       TEXT,
    adopted_fingerprint TEXT,
    adopted_tenor    TEXT,
    sent_on          TEXT,
    reaction_on      TEXT,
    PRIMARY KEY (text_id, council_id)
) STRICT;

-- A section that follows a regional text, and what the council adopted of it: the text at that
-- version (the letter prints it), the version itself and its fingerprint. Shared with the
-- council's own members through the advice's document, like the rest of the section.
ALTER TABLE advice_section ADD COLUMN regional_text_id TEXT;
ALTER TABLE advice_section ADD COLUMN regional_body TEXT;
ALTER TABLE advice_section ADD COLUMN regional_frontiers BLOB;
ALTER TABLE advice_section ADD COLUMN regional_fingerprint TEXT;
-- The fingerprint of a later version the council chose not to adopt ("eigen versie houden").
ALTER TABLE advice_section ADD COLUMN regional_kept TEXT;
CREATE INDEX advice_section_regional ON advice_section (regional_text_id)
    WHERE regional_text_id IS NOT NULL;
