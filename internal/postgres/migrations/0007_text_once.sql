-- 0007: the tsvector retired, and a turn's text kept once, in its
-- document's version (as the SQLite engine's 0009 and 0010 do).
--
-- Searches answer from the archive's own index (0006) only. The units'
-- tsvector (tsv), their filter tokens (meta), the GIN index on both
-- (units_search) and the index of headers in key order (units_headers),
-- which only the tsvector's planner used, go, and so does the
-- search_tokenizer setting that said which tokenizer built the tsvector:
-- settings.ix_format names the own index's format and tokenizer.
--
-- units.text held each current turn's text a second time, uncompressed,
-- for snippets. A turn's text is now read where the archive keeps it
-- anyway: the JSON of its document's current version (versions.json,
-- "turns"[i]."paragraphs" joined by a blank line; archive.TurnTexts),
-- which snippets, concordances and quote checks read. So that a snippet
-- need not decode a whole transcript, units.text_at and text_len say
-- where the turn's object lies in that JSON, in bytes from 0; they are
-- NULL for headers. SQL cannot find them: for the turns stored before
-- this migration, Open reads every current version once and records them
-- (settings.turn_spans says when it has); until then their snippets
-- decode the whole version. units keeps a turn's speaker, person, role,
-- paragraph and word counts.
--
-- The turns view, which showed the text, is made again without it; to
-- read a turn's text by hand:
--
--   SELECT t.turn, convert_from(substring(convert_to(v.json::text, 'UTF8')
--       FROM t.text_at + 1 FOR t.text_len), 'UTF8')::json->'paragraphs'
--   FROM turns AS t JOIN documents AS d ON d.doc = t.doc
--     JOIN versions AS v ON v.doc = d.doc AND v.number = d.version;
--
-- Dropping a column only hides it: the space of existing rows is reused
-- as they are rewritten, and VACUUM FULL units returns it to the system
-- at once (it locks the table while it runs).
DROP VIEW turns;
DROP INDEX units_search;
DROP INDEX units_headers;
ALTER TABLE units DROP COLUMN tsv, DROP COLUMN meta, DROP COLUMN text,
    ADD COLUMN text_at integer, ADD COLUMN text_len integer;
DELETE FROM settings WHERE key = 'search_tokenizer';
INSERT INTO settings (key, value) VALUES ('turn_spans', '');

-- turns is the units that are turns, for reading the archive by hand.
CREATE VIEW turns AS
    SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, words, text_at, text_len FROM units WHERE idx > 0;
