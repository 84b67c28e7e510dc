-- 0011: which member of this council writes under which regional token. Shared with the
-- council's own members (through the council's folder, never the region's), so the history of
-- a regional text shows "Bert Jansen (ASD Delft)" to Delft and "ASD Delft" to the others.
CREATE TABLE region_author (
    token      TEXT PRIMARY KEY,
    member     TEXT NOT NULL CHECK (length(trim(member)) > 0),
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
) STRICT;

CREATE TRIGGER sync_region_author_insert AFTER INSERT ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('region_author', NEW.token, 'raad'); END;
CREATE TRIGGER sync_region_author_update AFTER UPDATE ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('region_author', NEW.token, 'raad'); END;
CREATE TRIGGER sync_region_author_delete AFTER DELETE ON region_author WHEN EXISTS (SELECT 1 FROM sync_space)
BEGIN INSERT OR IGNORE INTO sync_outbox VALUES ('region_author', OLD.token, 'raad'); END;
