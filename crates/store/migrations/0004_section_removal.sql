-- 0004: removing a section from an advice keeps it (and its revisions) so that the removal can
-- be undone; a removed section is hidden from the advice and the letter.

ALTER TABLE advice_section ADD COLUMN removed_at TEXT;
