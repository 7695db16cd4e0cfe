-- 0002: the crawler's memory (transcript.CrawlLog), as in internal/sqlite
-- (0004).
--
-- fetches is the log of every request the crawler made or decided not to
-- make, in the order recorded (id; writers take turns, see Store). A body
-- is kept once, in raw_inputs, like the raw input of a version: raw_hash
-- is NULL for a fetch without one (304, errors). Header values and texts
-- are NULL when absent. document_id is the public id (documents.id) and
-- deliberately no foreign key: a fetch may name a document before or
-- without its Put.
CREATE TABLE fetches (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url           text        COLLATE "C" NOT NULL,
    status        integer     NOT NULL CHECK (status >= 0),
    etag          text,
    last_modified text,
    content_type  text,
    fetched_at    timestamptz NOT NULL,
    raw_hash      text        COLLATE "C" REFERENCES raw_inputs (hash),
    document_id   text        COLLATE "C",
    version       integer     NOT NULL CHECK (version >= 0),
    outcome       text        NOT NULL CHECK (outcome IN ('new', 'changed', 'unchanged', 'not-modified',
                                  'gone', 'missing', 'failed', 'robots', 'feed')),
    error         text,
    feed_time     text
);
CREATE INDEX fetches_url ON fetches (url, id);
CREATE INDEX fetches_document ON fetches (document_id, id) WHERE document_id IS NOT NULL;

-- fetched_documents sums up the fetches of each document id, so that
-- provenance is one lookup: how many, the latest fetched_at, and
-- gone_since, the first 404/410 ('gone' outcome) of the current run of
-- them, NULL once a 200 or 304 answered again.
CREATE TABLE fetched_documents (
    document_id  text        COLLATE "C" PRIMARY KEY,
    fetches      integer     NOT NULL CHECK (fetches >= 1),
    last_checked timestamptz NOT NULL,
    gone_since   timestamptz
);

-- crawl_state holds the crawler's named values (where a crawl stopped).
CREATE TABLE crawl_state (
    key        text        COLLATE "C" PRIMARY KEY,
    value      text        NOT NULL,
    updated_at timestamptz NOT NULL
);
