-- One trigram index for the email log's recipient and subject search instead of one each: every email row
-- is written three times on the hot path (queued, claimed, sent: none of them a HOT update, since the
-- claim and the outcome change indexed columns), and each version enters every index again; the two
-- GIN indexes cost the notifier's PostgreSQL ~0.1 ms per email, one costs about half of that. The
-- search keeps its exact condition on the column beside this one (a match across the two is rechecked
-- away), see searchLog.
DROP INDEX IF EXISTS "outgoing_emails_to_address_trgm";
DROP INDEX IF EXISTS "outgoing_emails_subject_trgm";
CREATE INDEX IF NOT EXISTS "outgoing_emails_search_trgm" ON "outgoing_emails" USING gin ((lower("to_address" || ' ' || "subject")) gin_trgm_ops);
