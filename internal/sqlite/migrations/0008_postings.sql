-- 0008: Rostrum's own search index (package postings).
--
-- The FTS5 table search stays as the reference the new index is tested
-- against, and as the fallback while the new index is being built. The
-- new index is written in the same transaction as the documents it
-- indexes, so it is never behind the archive; Open builds it for an
-- archive that has none, or one of another format (settings.ix_format).
--
-- ix_segments are immutable segments, each the units of one write or of
-- a merge of earlier segments: their keys (archive.UnitKey) and lengths
-- in tokens, encoded by package postings. A small segment holds all its
-- terms in packed (postings.PackTerms), so that writing a batch costs a
-- row; a large one (packed NULL) has a row per term in ix_terms.
-- AUTOINCREMENT: a segment's number is never reused, so a program may
-- keep a segment it has read by its number.
CREATE TABLE ix_segments (
    seg    INTEGER PRIMARY KEY AUTOINCREMENT,
    units  INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    keys   BLOB NOT NULL,
    lens   BLOB NOT NULL,
    packed BLOB
);
-- ix_terms are the posting lists of each term in each segment; a text
-- term's positions (for phrases) are kept apart in ix_positions under the
-- same id, so that a word's search reads only its postings.
CREATE TABLE ix_terms (
    id   INTEGER PRIMARY KEY,
    term TEXT NOT NULL,
    seg  INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    docs BLOB NOT NULL
);
CREATE UNIQUE INDEX ix_terms_term ON ix_terms (term, seg);
CREATE INDEX ix_terms_seg ON ix_terms (seg, term);
CREATE TABLE ix_positions (
    id   INTEGER PRIMARY KEY,
    data BLOB NOT NULL
);
-- ix_dead hides the units of a document (its unit keys >> 14) in the
-- segments numbered below seg: it was changed or removed when segment
-- seg was (or would have been) written. Merges drop dead units.
CREATE TABLE ix_dead (
    doc INTEGER PRIMARY KEY,
    seg INTEGER NOT NULL
);
INSERT INTO settings (key, value) VALUES ('ix_format', '');
