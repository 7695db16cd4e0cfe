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
-- which snippets, concordances and quote checks read. units keeps a
-- turn's speaker, person, role, paragraph and word counts.
--
-- The turns view, which showed the text, is made again without it; to
-- read a turn's text by hand, join versions:
--
--   SELECT t.turn, p.value AS paragraph
--   FROM turns AS t JOIN documents AS d ON d.doc = t.doc
--     JOIN versions AS v ON v.doc = d.doc AND v.number = d.version,
--     json_array_elements(v.json->'turns') AS j,
--     json_array_elements_text(j.value->'paragraphs') AS p
--   WHERE (j.value->>'index')::integer = t.idx;
--
-- Dropping a column only hides it: the space of existing rows is reused
-- as they are rewritten, and VACUUM FULL units returns it to the system
-- at once (it locks the table while it runs).
DROP VIEW turns;
DROP INDEX units_search;
DROP INDEX units_headers;
ALTER TABLE units DROP COLUMN tsv, DROP COLUMN meta, DROP COLUMN text;
DELETE FROM settings WHERE key = 'search_tokenizer';

-- turns is the units that are turns, for reading the archive by hand.
CREATE VIEW turns AS
    SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, words FROM units WHERE idx > 0;
