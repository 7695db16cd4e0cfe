-- 0001: the first archive schema.
--
-- documents and versions are the record: every version ever stored, with
-- its canonical JSON and a reference to the raw input it came from. The
-- other tables (turns, taxonomy, persons, person_labels, person_documents)
-- are derived from the current version of each document only; Put removes
-- a document's old contributions before adding the new ones, and
-- IntegrityCheck verifies that they still match.
--
-- Dates are TEXT in the document model's forms (YYYY-MM-DD, HH:MM,
-- YYYY-MM-DDTHH:MM), NULL when absent, so they sort as text. Hashes are hex
-- SHA-256.

-- raw_inputs keeps each distinct input once, addressed by the SHA-256 of
-- its uncompressed bytes.
CREATE TABLE raw_inputs (
    hash        TEXT    PRIMARY KEY,
    size        INTEGER NOT NULL CHECK (size >= 0),      -- uncompressed bytes
    compression TEXT    NOT NULL CHECK (compression IN ('gzip')),
    data        BLOB    NOT NULL
);

-- documents holds the current version of each document: its fields for
-- filtering and sorting, and its version number; the canonical JSON lives
-- once, in versions. doc is the internal key that the derived tables use;
-- id is the public one.
CREATE TABLE documents (
    doc          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    version      INTEGER NOT NULL CHECK (version >= 1),
    source       TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    date         TEXT,
    time         TEXT,
    section      TEXT,
    title        TEXT,
    lead         TEXT,
    place        TEXT,
    url          TEXT,
    published_at TEXT,
    turns        INTEGER NOT NULL,                        -- of the current version
    paragraphs   INTEGER NOT NULL,
    hash         TEXT    NOT NULL                         -- of the current version's canonical JSON
);
CREATE INDEX documents_date ON documents (date, id);
CREATE INDEX documents_language ON documents (language);
CREATE INDEX documents_url ON documents (url) WHERE url IS NOT NULL;

-- versions is the history: every stored version, the current one included.
CREATE TABLE versions (
    doc        INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number >= 1),
    hash       TEXT    NOT NULL,
    raw_hash   TEXT    NOT NULL REFERENCES raw_inputs (hash),
    origin     TEXT    NOT NULL,
    format     TEXT    NOT NULL,
    stored_at  TEXT    NOT NULL,                          -- RFC 3339, UTC, nanoseconds
    turns      INTEGER NOT NULL,
    paragraphs INTEGER NOT NULL,
    json       TEXT    NOT NULL,
    UNIQUE (doc, number)
);
CREATE INDEX versions_raw_hash ON versions (raw_hash);

-- turns holds the turns of current versions. The rowid (turn) is the key
-- that a full-text table over text can use; it is not stable across
-- versions, since Put replaces a document's turns.
CREATE TABLE turns (
    turn       INTEGER PRIMARY KEY,
    doc        INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,                          -- Turn.Index, from 1
    speaker    TEXT,
    person     TEXT,
    role       TEXT,
    paragraphs INTEGER NOT NULL,
    text       TEXT    NOT NULL,                          -- paragraphs joined by a blank line
    UNIQUE (doc, idx)
);
CREATE INDEX turns_person ON turns (person, doc) WHERE person IS NOT NULL;
CREATE INDEX turns_unresolved ON turns (speaker) WHERE speaker IS NOT NULL AND person IS NULL;

-- taxonomy holds the footer lists of current versions; kind 'section' is
-- a published_in entry.
CREATE TABLE taxonomy (
    doc  INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    kind TEXT    NOT NULL CHECK (kind IN ('geography', 'topic', 'person', 'section')),
    term TEXT    NOT NULL,
    PRIMARY KEY (doc, kind, term)
) WITHOUT ROWID;
CREATE INDEX taxonomy_term ON taxonomy (kind, term);

-- persons aggregates the canonical speakers of current versions.
CREATE TABLE persons (
    name       TEXT    PRIMARY KEY,
    turns      INTEGER NOT NULL,
    documents  INTEGER NOT NULL,
    first_date TEXT,                                      -- earliest dated appearance
    last_date  TEXT
) WITHOUT ROWID;

-- person_labels counts the turns of each label and role printed for a
-- person; role is '' when the label printed none.
CREATE TABLE person_labels (
    person TEXT    NOT NULL REFERENCES persons (name) ON DELETE CASCADE,
    label  TEXT    NOT NULL,
    role   TEXT    NOT NULL,
    turns  INTEGER NOT NULL,
    PRIMARY KEY (person, label, role)
) WITHOUT ROWID;

-- person_documents is one row per person and document they speak in, with
-- the document's date, so that first and last appearances are index seeks.
CREATE TABLE person_documents (
    person TEXT    NOT NULL REFERENCES persons (name) ON DELETE CASCADE,
    doc    INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    date   TEXT,
    turns  INTEGER NOT NULL,
    PRIMARY KEY (person, doc)
) WITHOUT ROWID;
CREATE INDEX person_documents_doc ON person_documents (doc);
CREATE INDEX person_documents_date ON person_documents (person, date);
