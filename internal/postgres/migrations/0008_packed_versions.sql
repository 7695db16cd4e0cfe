-- 0008: versions packed as the SQLite engine packs them, so that a
-- snippet reads the few kilobytes that hold its turn, not a transcript.
--
-- versions.json held each version's canonical JSON as type json, which
-- TOAST compresses as one piece: reading any part of it, as a search
-- page's snippets do through units.text_at and text_len (0007),
-- decompressed the whole value on the server (2.5 of 3.7 ms for a page of
-- ten documents at 20,000 documents). It is now bytea holding the JSON as
-- gzip members of 4 KB of JSON each (archive.PackJSONMembers: one valid
-- gzip stream, read back whole by archive.Decode), with STORAGE EXTERNAL:
-- TOAST keeps the value out of line without compressing it again, and
-- substring() then reads only the chunks it covers. A turn's span is
-- where its gzip member starts in the packed bytes (text_at), how many
-- bytes of JSON to pass after that member's start (text_skip, new) and
-- the object's length (text_len), as in the SQLite engine's turns table.
--
-- The conversion keeps each value's bytes: every version is plain JSON in
-- bytea until Open packs it again (settings.turn_spans says when it is
-- done; until then a span with no text_skip is, as in 0007, a byte offset
-- in that plain JSON). Hashes are of the canonical JSON and do not change.
--
-- SQL cannot read the JSON any more; `rostrum export` and `rostrum show`
-- can, and a version's bytes are a gzip file to any client
-- (psql -Atc "SELECT json FROM versions WHERE ..." | xxd -r -p | gunzip,
-- after removing the leading \x).
DROP VIEW turns;
ALTER TABLE versions ALTER COLUMN json TYPE bytea USING convert_to(json::text, 'UTF8');
ALTER TABLE versions ALTER COLUMN json SET STORAGE EXTERNAL;
ALTER TABLE units ADD COLUMN text_skip integer;
UPDATE settings SET value = '' WHERE key = 'turn_spans';

-- turns is the units that are turns, for reading the archive by hand.
CREATE VIEW turns AS
    SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, words, text_at, text_skip, text_len FROM units WHERE idx > 0;
