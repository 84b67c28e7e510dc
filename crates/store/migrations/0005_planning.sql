-- 0005: the planning timeline: municipalities, tracks (regional or local processes) and their
-- milestones. The council's own dates (due dates, meetings) are not stored here: the timeline
-- derives them from the register.

CREATE TABLE municipality (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    position   INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

-- The municipalities of Haaglanden that buy youth care together (H10); editable.
INSERT INTO municipality (id, name, position, updated_at, updated_by) VALUES
    ('mun-delft', 'Delft', 1, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-den-haag', 'Den Haag', 2, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-lansingerland', 'Lansingerland', 3, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-leidschendam-voorburg', 'Leidschendam-Voorburg', 4, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-midden-delfland', 'Midden-Delfland', 5, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-pijnacker-nootdorp', 'Pijnacker-Nootdorp', 6, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-rijswijk', 'Rijswijk', 7, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-wassenaar', 'Wassenaar', 8, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-westland', 'Westland', 9, '2026-11-23T00:00:00.000Z', 'migration'),
    ('mun-zoetermeer', 'Zoetermeer', 10, '2026-11-23T00:00:00.000Z', 'migration');

CREATE TABLE track (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    scope       TEXT NOT NULL CHECK (scope IN ('regional', 'local')),
    description TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;

CREATE TABLE track_municipality (
    track_id        TEXT NOT NULL REFERENCES track(id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipality(id) ON DELETE CASCADE,
    PRIMARY KEY (track_id, municipality_id)
) STRICT;

CREATE TABLE milestone (
    id              TEXT PRIMARY KEY,
    track_id        TEXT REFERENCES track(id) ON DELETE CASCADE,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind            TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    -- NULL for a moment; inclusive last day for a range.
    ends_on         TEXT CHECK (ends_on IS NULL OR ends_on >= starts_on),
    -- NULL: the whole region.
    municipality_id TEXT REFERENCES municipality(id) ON DELETE SET NULL,
    -- Who acts, as the source says it ("gemeenteraad Zoetermeer", "VNG").
    actor           TEXT NOT NULL DEFAULT '',
    request_id      TEXT REFERENCES advice_request(id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('planned', 'done', 'moved')),
    -- The first planned date of a moved milestone, kept visible.
    moved_from      TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    -- RFC 5545 SEQUENCE: bumped by every change, so calendars update instead of duplicating.
    sequence        INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
) STRICT;

-- The timeline asks for a period: milestones that start before its end and end after its
-- start. Most milestones are moments or windows of weeks: they are found through their start
-- date within [period start - 62 days, period end]. The few longer ranges have their own small
-- partial index (the 62 is `LONG_SPAN_DAYS` in src/store/planning.rs).
CREATE INDEX milestone_start ON milestone (starts_on);
CREATE INDEX milestone_long ON milestone (starts_on)
    WHERE julianday(coalesce(ends_on, starts_on)) - julianday(starts_on) > 62;
