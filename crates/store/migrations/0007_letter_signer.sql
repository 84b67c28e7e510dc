-- Who signs one letter, when it is not the council's chair in the letterhead's role: an
-- imported letter keeps its own signer, and a letter may be signed by the secretary.
-- Empty means the council's default.

ALTER TABLE letter_details ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE letter_details ADD COLUMN signer_role TEXT NOT NULL DEFAULT '';
