-- 0006: Rostrum's own search index (packages postings and ixstore), as
-- in the SQLite engine (its migrations 0008 and 0009).
--
-- The index is written in the transaction of each change to the
-- documents, which holds the archive's write lock, so it is never behind
-- the archive, and every server reading the archive sees it change with
-- the generation. Open builds it for an archive that has none, or one of
-- another format (settings.ix_format). The units table and its tsvector
-- stay, as the fallback while the index is built and as the reference the
-- new index is compared with in tests.
--
-- ix_segments are immutable segments, each the units of one write or of
-- a merge of earlier ones: their keys (archive.UnitKey) and lengths, and
-- for a small segment all its terms packed in one value. Segment numbers
-- come from ix_seg and are never reused (a server keeps decoded segments
-- by number). ix_terms holds a large segment's posting lists, one row a
-- term, compared as bytes (COLLATE "C"), so that a prefix is a range;
-- ix_positions their positions, read only for phrases. ix_dead marks the
-- documents (unit key >> DocShift) whose units in segments older than seg
-- are replaced or gone.
CREATE SEQUENCE ix_seg;
CREATE TABLE ix_segments (
    seg    bigint PRIMARY KEY,
    units  integer NOT NULL,
    tokens bigint NOT NULL,
    keys   bytea NOT NULL,
    lens   bytea NOT NULL,
    packed bytea
);
CREATE TABLE ix_terms (
    id   bigserial PRIMARY KEY,
    term text COLLATE "C" NOT NULL,
    seg  bigint NOT NULL,
    n    integer NOT NULL,
    docs bytea NOT NULL
);
CREATE UNIQUE INDEX ix_terms_term ON ix_terms (term, seg);
CREATE INDEX ix_terms_seg ON ix_terms (seg, term);
CREATE TABLE ix_positions (
    id   bigint PRIMARY KEY,
    data bytea NOT NULL
);
CREATE TABLE ix_dead (
    doc bigint PRIMARY KEY,
    seg bigint NOT NULL
);
INSERT INTO settings (key, value) VALUES ('ix_format', '');
