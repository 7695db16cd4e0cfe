-- 0003: a key per RecordFetch call (internal/sqlite has the same, 0005).
--
-- RecordFetch tries a write again when the connection breaks, and a
-- connection may break just after the server committed: without a key the
-- second attempt recorded the fetch twice. request_key is a random key
-- that RecordFetch draws once per call, before its first attempt, and
-- inserts with ON CONFLICT (request_key) DO NOTHING, so that every attempt
-- after the one that committed finds the fetch there and changes nothing.
-- Fetches recorded before this migration have none (NULL, which a unique
-- index does not compare).
ALTER TABLE fetches ADD COLUMN request_key text COLLATE "C";
CREATE UNIQUE INDEX fetches_request_key ON fetches (request_key);
