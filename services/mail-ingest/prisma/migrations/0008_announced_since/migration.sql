-- inbound_emails_oldest_announced_age_seconds was measured from processed_at, so an admin's retry of a
-- days-old unfiled email fired the alarm at once. It is measured from the first announcement of the
-- current round: set when the processor announces the email, reset by a retry.
ALTER TABLE "inbound_emails" ADD COLUMN "announced_since" TIMESTAMPTZ(3);
UPDATE "inbound_emails" SET "announced_since" = "processed_at" WHERE "state" = 'announced';
