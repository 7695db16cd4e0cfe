-- 0010: a turn's text kept once, in its document's version.
--
-- turn_texts held the current turns' text a second time, uncompressed,
-- for snippets: a third of the archive. Snippets, like concordances and
-- quote checks, now read a turn's text from its document's current
-- version, which the archive keeps anyway, packed as gzip members of
-- 16 KB of JSON (archive.PackJSONMembers). text_at, text_skip and
-- text_len locate the turn's object in it (archive.TextSpan), so that a
-- snippet decompresses a member or two, not the whole transcript. Turns
-- stored before this migration get theirs when the archive is next
-- opened (ensureSpans, which packs their current versions again); until
-- then their snippets read the whole version (archive.TurnTexts).
--
-- Dropping the table frees its pages for later writes; the file shrinks
-- only when vacuumed.
DROP TABLE turn_texts;
ALTER TABLE turns ADD COLUMN text_at INTEGER;
ALTER TABLE turns ADD COLUMN text_skip INTEGER;
ALTER TABLE turns ADD COLUMN text_len INTEGER;
