-- 0007: word counts, the denominator of term trends (rostrum trend).
--
-- turns.words is how many words (tokens of the index's tokenizer, package
-- search) a turn's paragraphs hold, and documents.words the sum over the
-- document's turns; both are derived from the current version when it is
-- stored. SQL cannot tokenize, so this migration leaves them NULL and
-- Open counts them (settings.word_counts records that it did).
ALTER TABLE turns ADD COLUMN words INTEGER;
ALTER TABLE documents ADD COLUMN words INTEGER;
INSERT INTO settings (key, value) VALUES ('word_counts', '');
-- A trend over the whole archive, or a date range, sums documents.words
-- by month and language: this index covers it, so the sum reads no
-- document rows (100,000 documents' titles and leads).
CREATE INDEX documents_words ON documents (date, language, words);
