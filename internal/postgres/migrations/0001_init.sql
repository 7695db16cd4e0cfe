-- 0001: the first archive schema, with its search index.
--
-- The tables follow internal/sqlite's (0001-0003) so that the two engines
-- read alike: documents and versions are the record, every version ever
-- stored with its canonical JSON and a reference to its raw input; units,
-- taxonomy, persons, person_labels and person_documents are derived from
-- the current version of each document only. Put removes a document's old
-- contributions before adding the new ones, and IntegrityCheck verifies
-- that they still match.
--
-- Dates stay TEXT in the document model's forms (YYYY-MM-DD, HH:MM,
-- YYYY-MM-DDTHH:MM), NULL when absent, as in SQLite: the model accepts a
-- day 31 in any month, which the date type would refuse. Date bounds and
-- date order use the unit key, which packs the date (see units). Strings
-- that are sorted or compared use COLLATE "C", so that they order as bytes
-- whatever the database's locale. Hashes are hex SHA-256.

-- raw_inputs keeps each distinct input once, addressed by the SHA-256 of
-- its uncompressed bytes.
CREATE TABLE raw_inputs (
    hash        text   COLLATE "C" PRIMARY KEY,
    size        bigint NOT NULL CHECK (size >= 0),        -- uncompressed bytes
    compression text   NOT NULL CHECK (compression IN ('gzip')),
    data        bytea  NOT NULL
);
-- Already compressed: TOAST should store it out of line without trying
-- to compress it again.
ALTER TABLE raw_inputs ALTER COLUMN data SET STORAGE EXTERNAL;

-- documents holds the current version of each document: its fields for
-- filtering and sorting, and its version number; the canonical JSON lives
-- once, in versions. doc is the internal key that the derived tables use
-- (at most 2^32 - 1, as unit keys hold it in 32 bits); id is the public one.
CREATE TABLE documents (
    doc          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY CHECK (doc < 4294967296),
    id           text    COLLATE "C" NOT NULL UNIQUE,
    version      integer NOT NULL CHECK (version >= 1),
    source       text    NOT NULL,
    language     text    COLLATE "C" NOT NULL,
    date         text    COLLATE "C",
    time         text,
    section      text    COLLATE "C",
    title        text,
    lead         text,
    place        text,
    url          text    COLLATE "C",
    published_at text,
    turns        integer NOT NULL,                        -- of the current version
    paragraphs   integer NOT NULL,
    hash         text    COLLATE "C" NOT NULL             -- of the current version's canonical JSON
);
CREATE INDEX documents_date ON documents (date, id);
CREATE INDEX documents_url ON documents (url) WHERE url IS NOT NULL;
CREATE INDEX documents_section ON documents (section) WHERE section IS NOT NULL;

-- versions is the history: every stored version, the current one included.
-- json is the canonical JSON exactly as hashed (type json keeps the text
-- as written; jsonb would reorder it).
CREATE TABLE versions (
    doc        bigint      NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    number     integer     NOT NULL CHECK (number >= 1),
    hash       text        COLLATE "C" NOT NULL,
    raw_hash   text        COLLATE "C" NOT NULL REFERENCES raw_inputs (hash),
    origin     text        NOT NULL,
    format     text        NOT NULL,
    stored_at  timestamptz NOT NULL,
    turns      integer     NOT NULL,
    paragraphs integer     NOT NULL,
    json       json        NOT NULL,
    PRIMARY KEY (doc, number)
);
CREATE INDEX versions_raw_hash ON versions (raw_hash);

-- units holds the searchable units of current versions (search.Units):
-- unit 0 of a document is its header (title and lead, whose text stays in
-- documents), units 1…n its turns, whose text is here. The key orders the
-- index by date: (date << 46) | (doc << 14) | idx, where date packs
-- (year - 1899, month, day) into 17 bits (0 when undated or outside
-- 1900-2154), so ORDER BY key is date order and a date range is a key
-- range, as in the SQLite engine.
--
-- tsv holds the unit's terms as Rostrum's own tokenizer (package search:
-- Snowball English and Russian by each word's script, case and ё folded,
-- Latin diacritics removed, no stop words) makes them, title at weight A,
-- lead at B, turn text at D. It is built by the program, not by
-- to_tsvector: the built-in english and russian configurations drop stop
-- words (who, we, не, мы), stem a mixed-script text with one language and
-- keep diacritics, so searches would not match what the SQLite engine
-- matches, nor what snippets mark. To query it by hand, stem the words the
-- same way (to_tsquery('simple', …) works for words whose stem is
-- themselves). meta holds the unit's filter tokens (search.MetaToken).
CREATE TABLE units (
    key        bigint   PRIMARY KEY,
    doc        bigint   NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    idx        integer  NOT NULL CHECK (idx >= 0),        -- 0 for the header, else Turn.Index
    speaker    text     COLLATE "C",
    person     text     COLLATE "C",
    role       text     COLLATE "C",
    paragraphs integer  NOT NULL,
    text       text,                                      -- a turn's paragraphs joined by a blank line
    tsv        tsvector NOT NULL,
    meta       text[]   NOT NULL,
    UNIQUE (doc, idx)
);
-- One GIN index on both columns: a query of words and filters intersects
-- them inside the index instead of building a bitmap of each (a word in
-- a third of 310,000 units and lang:ru, which share none: 2.6 ms counted,
-- against 99 ms with an index per column; 7 ms against 100 ms for the
-- English headers, by the header's meta token).
CREATE INDEX units_search ON units USING gin (tsv, meta);
-- Listing documents (filters only, the empty query) walks their headers.
CREATE INDEX units_headers ON units (key) WHERE idx = 0;
CREATE INDEX units_unresolved ON units (speaker) WHERE speaker IS NOT NULL AND person IS NULL;

-- turns is the units that are turns, for reading the archive by hand.
CREATE VIEW turns AS
    SELECT key AS turn, doc, idx, speaker, person, role, paragraphs, text FROM units WHERE idx > 0;

-- taxonomy holds the footer lists of current versions; kind 'section' is
-- a published_in entry.
CREATE TABLE taxonomy (
    doc  bigint NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    kind text   COLLATE "C" NOT NULL CHECK (kind IN ('geography', 'topic', 'person', 'section')),
    term text   COLLATE "C" NOT NULL,
    PRIMARY KEY (doc, kind, term)
);
CREATE INDEX taxonomy_term ON taxonomy (kind, term);

-- persons aggregates the canonical speakers of current versions.
CREATE TABLE persons (
    name       text    COLLATE "C" PRIMARY KEY,
    turns      integer NOT NULL,
    documents  integer NOT NULL,
    first_date text    COLLATE "C",                       -- earliest dated appearance
    last_date  text    COLLATE "C"
);

-- person_labels counts the turns of each label and role printed for a
-- person; role is '' when the label printed none.
CREATE TABLE person_labels (
    person text    COLLATE "C" NOT NULL REFERENCES persons (name) ON DELETE CASCADE,
    label  text    COLLATE "C" NOT NULL,
    role   text    COLLATE "C" NOT NULL,
    turns  integer NOT NULL,
    PRIMARY KEY (person, label, role)
);

-- person_documents is one row per person and document they speak in, with
-- the document's date, so that first and last appearances are index seeks.
CREATE TABLE person_documents (
    person text    COLLATE "C" NOT NULL REFERENCES persons (name) ON DELETE CASCADE,
    doc    bigint  NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    date   text    COLLATE "C",
    turns  integer NOT NULL,
    PRIMARY KEY (person, doc)
);
CREATE INDEX person_documents_doc ON person_documents (doc);
CREATE INDEX person_documents_date ON person_documents (person, date);

-- settings holds the archive's own facts: search_tokenizer names the
-- tokenizer the index was built with (another name makes Open rebuild
-- it); generation counts the transactions that changed documents, so that
-- caches know when to refresh. Writers lock the generation row first,
-- which serialises them: every document shares persons with others, so
-- finer locks would serialise them as much, with deadlocks to handle.
CREATE TABLE settings (
    key   text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO settings (key, value) VALUES ('search_tokenizer', ''), ('generation', '0');
