-- 0009: the FTS5 table retired.
--
-- Since 0008 the archive's own index (the ix_ tables, package postings)
-- answers every search, count, facet and occurrence count; the FTS5 table
-- search was kept beside it only as the reference the new index was
-- tested against, a role a brute-force evaluator now plays in the tests
-- (oracle_internal_test.go). Writing both cost every ingest about 40% of
-- its index time and the archive a third of its size.
--
-- Dropping the table frees its pages for later writes; the file shrinks
-- only when vacuumed. FTS5 needs the table's tokenizer to drop it: the
-- writer registers a stand-in (legacyTokenizer) that tokenizes nothing.
DROP TABLE IF EXISTS search;
DELETE FROM settings WHERE key = 'search_tokenizer';
