-- 0002: full-text search.
--
-- search indexes the searchable units of current versions: unit 0 of a
-- document is its header (title, lead), units 1…n its turns (body). It is
-- contentless: the text lives in documents and turns, snippets are built
-- in Go, and contentless_delete lets Put remove a document's units by
-- rowid. meta holds filter tokens (search.MetaToken): language, sections,
-- types, topics, geography, the speaker's label and person.
--
-- A unit's rowid orders the index by date: (date << 46) | (doc << 14) | unit,
-- where date packs (year - 1899, month, day) into 17 bits (0 when undated),
-- so ORDER BY rowid is date order and a date range is a rowid range. The
-- tokenizer 'rostrum' (Snowball English and Russian, folded) is registered
-- by the program on every connection: other SQLite tools can read every
-- table but this one.
CREATE VIRTUAL TABLE search USING fts5 (
    title, lead, body, meta,
    content = '', contentless_delete = 1,
    tokenize = 'rostrum'
);
-- Title and lead rank above body text; meta never counts.
INSERT INTO search (search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0, 0.0)');

-- Filters resolve section: values against the distinct sections, read
-- from this index one seek per value.
CREATE INDEX documents_section ON documents (section) WHERE section IS NOT NULL;

-- settings holds the archive's own facts: search_tokenizer names the
-- tokenizer the index was built with (an empty value, or another
-- tokenizer's name, makes Open rebuild the index); generation counts the
-- transactions that changed documents, so caches know when to refresh.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO settings (key, value) VALUES ('search_tokenizer', ''), ('generation', '0');
