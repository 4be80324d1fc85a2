-- The claim of an email (claimed_until, attempts) as a HOT update: its new row version on the same page
-- and no new entry in any of outgoing_emails' eight indexes. That needs no index to read `attempts` and
-- room on the page, hence:
--
-- 1. `outgoing_emails_retried` (sent_at WHERE attempts > 1) goes: only the queue metric's failed attempts
--    read it. The failed attempts of emails that left the queue (sent after failures, or set back to 0 by
--    an administrator's retry) are added up, as they leave, in one counter row kept by a trigger, so
--    every writer keeps it true; the metric adds the unsent emails' attempts (partial index
--    outgoing_emails_unsent).
-- 2. fillfactor 70: an email row is ~1.4 KB with A02's HTML and text, so a page filled to 70% keeps room
--    for the claimed version of at least one of its rows, and more once the page is pruned.
--
-- The outcome (sent_at) cannot be HOT: sent_at is in outgoing_emails_unsent's predicate, and that index
-- is what keeps the claim from scanning the whole log.
CREATE TABLE IF NOT EXISTS "outgoing_email_failed_attempts" (
  "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
  -- Failed attempts of emails no longer waiting: sent after failures, or retried from 0 by an administrator.
  "settled" BIGINT NOT NULL
);
INSERT INTO "outgoing_email_failed_attempts" ("id", "settled")
SELECT 1, coalesce(sum("attempts" - 1), 0) FROM "outgoing_emails" WHERE "sent_at" IS NOT NULL AND "attempts" > 1
ON CONFLICT ("id") DO NOTHING;

CREATE OR REPLACE FUNCTION outgoing_email_attempts_settled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE outgoing_email_failed_attempts
  SET settled = settled + CASE WHEN OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL THEN NEW.attempts - 1 ELSE OLD.attempts - NEW.attempts END
  WHERE id = 1;
  RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS outgoing_emails_attempts_settled ON "outgoing_emails";
-- Only rows that settle attempts fire it (a sent email that took more than one, a retry's reset); the claim does not.
CREATE TRIGGER outgoing_emails_attempts_settled AFTER UPDATE OF "sent_at", "attempts" ON "outgoing_emails"
FOR EACH ROW WHEN ((OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL AND NEW.attempts > 1) OR NEW.attempts < OLD.attempts)
EXECUTE FUNCTION outgoing_email_attempts_settled();

DROP INDEX IF EXISTS "outgoing_emails_retried";
ALTER TABLE "outgoing_emails" SET (fillfactor = 70);
