-- 0005: a key per RecordFetch call, as in internal/postgres (0003).
--
-- request_key is a random key that RecordFetch draws once per call and
-- writes with the fetch, skipping the insert when a fetch with that key is
-- there already, so that a write tried again records its fetch once. This
-- engine writes in one local transaction that either commits or fails, so
-- it never tries again today; the key keeps both engines' logs alike.
-- Fetches recorded before this migration have none (NULL, which a unique
-- index does not compare).
ALTER TABLE fetches ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX fetches_request_key ON fetches (request_key);
