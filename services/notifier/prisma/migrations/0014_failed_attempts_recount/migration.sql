-- 0013 filled the counter of settled failed attempts before it created the trigger that keeps it, and
-- without holding off the writers: an email sent after failures between the two (by an instance still
-- running during the upgrade) was counted by neither, and is missing from the failedAttempts metric.
--
-- Counted again here with the writers held off (SHARE ROW EXCLUSIVE: the senders' and retries' UPDATEs
-- wait, readers do not; each migration is its own transaction, so the lock lasts until it commits), with
-- the trigger in place: nothing can settle between the count and the commit.
--
-- The sent emails' failed attempts are what the rows still say; a retry since 0013 (attempts set back
-- to 0 on an unsent email) left its count only in the counter. So the counter keeps the larger of the
-- two: the recount when an email was missed, the counter as it is when a retry added to it. A counter
-- never goes down (a metric that only grows).
LOCK TABLE "outgoing_emails" IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO "outgoing_email_failed_attempts" ("id", "settled") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;

UPDATE "outgoing_email_failed_attempts"
SET "settled" = greatest("settled", (SELECT coalesce(sum("attempts" - 1), 0) FROM "outgoing_emails" WHERE "sent_at" IS NOT NULL AND "attempts" > 1))
WHERE "id" = 1;
