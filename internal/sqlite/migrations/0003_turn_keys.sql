-- 0003: turns keyed like the search index; their text in a table apart.
--
-- A turn's rowid (turn) becomes its search unit key (see 0002), so that
-- facets and snippets reach a matching turn by rowid, in the index's own
-- order, and the turns rows are small: the text, which a search reads
-- only for the turns it shows, moved to turn_texts.
CREATE TABLE turns_keyed (
    turn       INTEGER PRIMARY KEY,                      -- the search unit key
    doc        INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,                          -- Turn.Index, from 1
    speaker    TEXT,
    person     TEXT,
    role       TEXT,
    paragraphs INTEGER NOT NULL,
    UNIQUE (doc, idx)
);
CREATE TABLE turn_texts (
    turn INTEGER PRIMARY KEY REFERENCES turns_keyed (turn) ON DELETE CASCADE,
    text TEXT    NOT NULL                                 -- paragraphs joined by a blank line
);
INSERT INTO turns_keyed (turn, doc, idx, speaker, person, role, paragraphs)
    SELECT ((CASE WHEN d.date IS NOT NULL AND substr(d.date, 1, 4) BETWEEN '1900' AND '2154'
                THEN ((CAST(substr(d.date, 1, 4) AS INTEGER) - 1899) << 9) | (CAST(substr(d.date, 6, 2) AS INTEGER) << 5)
                    | CAST(substr(d.date, 9, 2) AS INTEGER)
                ELSE 0 END << 46) | (d.doc << 14)) | t.idx,
        t.doc, t.idx, t.speaker, t.person, t.role, t.paragraphs
    FROM turns AS t JOIN documents AS d ON d.doc = t.doc;
INSERT INTO turn_texts (turn, text)
    SELECT k.turn, t.text FROM turns AS t JOIN turns_keyed AS k ON k.doc = t.doc AND k.idx = t.idx;
DROP TABLE turns;
ALTER TABLE turns_keyed RENAME TO turns;
CREATE INDEX turns_person ON turns (person, doc) WHERE person IS NOT NULL;
CREATE INDEX turns_unresolved ON turns (speaker) WHERE speaker IS NOT NULL AND person IS NULL;
