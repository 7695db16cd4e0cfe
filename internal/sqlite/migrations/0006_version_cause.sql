-- 0006: why each version was stored (internal/postgres has the same, 0004).
--
-- cause is 'first' for a document's first version, 'edit' when the
-- source changed what it publishes, 'rendering' for another rendering of
-- the same content (a text dump, then the HTML) and 'rederived' for the
-- same raw input parsed again (rostrum reparse). Put computes it with
-- archive.Cause. Here the causes that SQL can tell are filled in; the
-- rest of the versions stored before this migration stay NULL, and
-- Versions computes their cause from the stored documents when it reads
-- them, with the same function.
ALTER TABLE versions ADD COLUMN cause TEXT CHECK (cause IN ('first', 'edit', 'rendering', 'rederived'));
UPDATE versions SET cause = 'first' WHERE number = 1;
UPDATE versions SET cause = 'rederived'
    WHERE number > 1 AND raw_hash = (SELECT p.raw_hash FROM versions AS p
        WHERE p.doc = versions.doc AND p.number = versions.number - 1);
