-- 0009: what sharing puts before the members instead of deciding silently.

-- A field two members set while apart: every write nobody had seen, side by side, until a
-- member chooses one (a write that has seen them all, which removes the row everywhere).
CREATE TABLE sync_conflict (
    doc        TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    -- JSON: [{"value": ..., "member": "...", "at_unix": ...}]
    writes     TEXT NOT NULL,
    noticed_at TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id, field)
) STRICT;

-- Something a merge kept that a member should look at: a combination of steps the state
-- machine refuses (two adoptions with a different tenor, a step after one that is not allowed
-- to precede it), or an edit of an adopted advice made before the adoption arrived.
CREATE TABLE sync_review (
    kind       TEXT NOT NULL CHECK (kind IN ('steps', 'locked_edit')),
    request_id TEXT NOT NULL,
    record_id  TEXT NOT NULL DEFAULT '',
    message    TEXT NOT NULL,
    noticed_at TEXT NOT NULL,
    PRIMARY KEY (kind, request_id, record_id)
) STRICT;

-- A document's snapshot in a table of its own: SQLite rewrites a whole row on every update,
-- and the versions noted after each round sat beside a large council's megabytes of snapshot.
CREATE TABLE sync_doc_snapshot (
    name  TEXT PRIMARY KEY REFERENCES sync_doc(name) ON DELETE CASCADE,
    bytes BLOB NOT NULL
) STRICT;
INSERT INTO sync_doc_snapshot (name, bytes)
    SELECT name, snapshot FROM sync_doc WHERE snapshot IS NOT NULL;
ALTER TABLE sync_doc DROP COLUMN snapshot;
