-- A sender claims an email for a while instead of holding its row lock while SMTP talks.
ALTER TABLE "outgoing_emails" ADD COLUMN "claimed_until" TIMESTAMPTZ(3);

-- The Message-ID is fixed when the email is queued. Emails still waiting get one now; the sender's
-- domain is not known here, so they carry a reserved one (RFC 2606).
UPDATE "outgoing_emails" SET "message_id" = '<' || gen_random_uuid() || '@helpdesk.invalid>' WHERE "message_id" IS NULL;
ALTER TABLE "outgoing_emails" ALTER COLUMN "message_id" SET NOT NULL;
CREATE UNIQUE INDEX "outgoing_emails_message_id_key" ON "outgoing_emails"("message_id");

-- The queue's state counts the failed attempts of sent emails; only retried ones have any.
CREATE INDEX "outgoing_emails_retried" ON "outgoing_emails"("sent_at") WHERE "attempts" > 1;
