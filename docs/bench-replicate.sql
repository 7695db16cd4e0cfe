-- Replicates a PostgreSQL bench archive ten times (documents, units and
-- taxonomy copied nine times under new document numbers), for search
-- measurements at ten times the size without a ten-times-longer ingest.
-- Versions, raw inputs and person tables are not copied: the archive is
-- for 'rostrum bench --reuse' only. Document numbers must stay under
-- 200,000. Run with: psql -v ON_ERROR_STOP=1 DSN -f docs/bench-replicate.sql
SET maintenance_work_mem='2GB';
SET session_replication_role = replica;
BEGIN;
ALTER TABLE units DROP CONSTRAINT units_pkey, DROP CONSTRAINT units_doc_idx_key;
DROP INDEX units_headers, units_search, units_unresolved;
INSERT INTO documents (doc, id, version, source, language, date, time, section, title, lead, place, url, published_at, turns, paragraphs, hash) OVERRIDING SYSTEM VALUE
  SELECT doc + k*200000, id || '-r' || k, version, source, language, date, time, section, title, lead, place, url, published_at, turns, paragraphs, hash
  FROM documents, generate_series(1,9) AS k WHERE doc <= 200000;
INSERT INTO taxonomy SELECT doc + k*200000, kind, term FROM taxonomy, generate_series(1,9) AS k WHERE doc <= 200000;
INSERT INTO units SELECT key + ((k::bigint*200000) << 14), doc + k*200000, idx, speaker, person, role, paragraphs, text, tsv, meta FROM units, generate_series(1,9) AS k WHERE doc <= 200000;
ALTER TABLE units ADD PRIMARY KEY (key), ADD UNIQUE (doc, idx);
CREATE INDEX units_search ON units USING gin (tsv, meta);
CREATE INDEX units_headers ON units (key) WHERE idx = 0;
CREATE INDEX units_unresolved ON units (speaker) WHERE speaker IS NOT NULL AND person IS NULL;
UPDATE settings SET value = (value::bigint + 1)::text WHERE key = 'generation';
COMMIT;
SELECT setval(pg_get_serial_sequence('documents', 'doc'), (SELECT max(doc) FROM documents));
VACUUM ANALYZE;
SELECT count(*) FROM documents;
SELECT pg_size_pretty(pg_relation_size('units')) heap, pg_size_pretty(pg_database_size(current_database())) db;
