-- 0005: word counts, the denominator of term trends (internal/sqlite has
-- the same, 0007).
--
-- units.words is how many words (tokens of the index's tokenizer, package
-- search) a turn's paragraphs hold, 0 for a header, and documents.words
-- the sum over the document's turns; both are derived from the current
-- version when it is stored. SQL cannot tokenize, so this migration
-- leaves the turns' counts NULL and Open counts them (settings.word_counts
-- records that it did).
ALTER TABLE units ADD COLUMN words bigint;
ALTER TABLE documents ADD COLUMN words bigint;
UPDATE units SET words = 0 WHERE idx = 0;
INSERT INTO settings (key, value) VALUES ('word_counts', '');
-- A trend over the whole archive sums documents.words by month and
-- language: an index-only scan with this index.
CREATE INDEX documents_words ON documents (date, language, words);
