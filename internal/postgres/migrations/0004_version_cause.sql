-- 0004: why each version was stored (internal/sqlite has the same, 0006).
--
-- cause is 'first' for a document's first version, 'edit' when the
-- source changed what it publishes, 'rendering' for another rendering of
-- the same content (a text dump, then the HTML) and 'rederived' for the
-- same raw input parsed again (rostrum reparse). Put computes it with
-- archive.Cause. Here the causes that SQL can tell are filled in; the
-- rest of the versions stored before this migration stay NULL, and
-- Versions computes their cause from the stored documents when it reads
-- them, with the same function.
ALTER TABLE versions ADD COLUMN cause text COLLATE "C"
    CHECK (cause IN ('first', 'edit', 'rendering', 'rederived'));
UPDATE versions SET cause = 'first' WHERE number = 1;
UPDATE versions AS v SET cause = 'rederived' FROM versions AS p
    WHERE p.doc = v.doc AND p.number = v.number - 1 AND p.raw_hash = v.raw_hash;
