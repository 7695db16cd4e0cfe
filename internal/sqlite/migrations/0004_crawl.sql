-- 0004: the crawler's memory (transcript.CrawlLog).
--
-- fetches is the log of every request the crawler made or decided not to
-- make, in the order recorded (id). A body is kept once, in raw_inputs,
-- like the raw input of a version: raw_hash is NULL for a fetch without
-- one (304, errors). Header values and texts are NULL when absent;
-- fetched_at is RFC 3339 in UTC with fixed nanoseconds, like
-- versions.stored_at. document_id is the public id (documents.id) and
-- deliberately no foreign key: a fetch may name a document before or
-- without its Put.
CREATE TABLE fetches (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL,
    status        INTEGER NOT NULL CHECK (status >= 0),
    etag          TEXT,
    last_modified TEXT,
    content_type  TEXT,
    fetched_at    TEXT    NOT NULL,
    raw_hash      TEXT    REFERENCES raw_inputs (hash),
    document_id   TEXT,
    version       INTEGER NOT NULL CHECK (version >= 0),
    outcome       TEXT    NOT NULL CHECK (outcome IN ('new', 'changed', 'unchanged', 'not-modified',
                              'gone', 'missing', 'failed', 'robots', 'feed')),
    error         TEXT,
    feed_time     TEXT
);
CREATE INDEX fetches_url ON fetches (url, id);
CREATE INDEX fetches_document ON fetches (document_id, id) WHERE document_id IS NOT NULL;

-- fetched_documents sums up the fetches of each document id, so that
-- provenance is one lookup: how many, the latest fetched_at, and
-- gone_since, the first 404/410 ('gone' outcome) of the current run of
-- them, NULL once a 200 or 304 answered again.
CREATE TABLE fetched_documents (
    document_id  TEXT    PRIMARY KEY,
    fetches      INTEGER NOT NULL CHECK (fetches >= 1),
    last_checked TEXT    NOT NULL,
    gone_since   TEXT
) WITHOUT ROWID;

-- crawl_state holds the crawler's named values (where a crawl stopped).
CREATE TABLE crawl_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
