-- 0003: the advice text of a request, in ordered Markdown sections, with revisions.

CREATE TABLE advice_section (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES advice_request(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    scope      TEXT NOT NULL CHECK (scope IN ('opening', 'regional', 'local', 'closing', 'other')),
    body       TEXT NOT NULL DEFAULT '',
    -- Bumped by every save. The editor sends the version it started from, so a save over text
    -- that changed meanwhile is refused instead of silently overwriting it.
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE INDEX advice_section_request ON advice_section (request_id, position);

-- Snapshots of a section. Their order is `seq` (per section, increasing), never the clock.
CREATE TABLE section_revision (
    id         TEXT PRIMARY KEY,
    section_id TEXT NOT NULL REFERENCES advice_section(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (reason IN ('interval', 'pause', 'before_restore')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (section_id, seq)
) STRICT;
