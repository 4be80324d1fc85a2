-- Issue 11: an answer to an email goes out in its thread. The threading headers are fixed when the
-- email is queued, like its Message-ID, so a resend after a crash carries the same ones.
ALTER TABLE "outgoing_emails" ADD COLUMN "ticket_id" UUID,
ADD COLUMN "in_reply_to" VARCHAR(1000),
ADD COLUMN "reference_ids" TEXT,
ADD COLUMN "reply_to" VARCHAR(320),
-- A delivery-status report (inbound_email.bounced) said the email was not delivered.
ADD COLUMN "bounced_at" TIMESTAMPTZ(3),
ADD COLUMN "bounce_email_id" UUID,
ADD COLUMN "bounce_action" VARCHAR(100),
ADD COLUMN "bounce_status" VARCHAR(32),
ADD COLUMN "bounce_recipient" VARCHAR(320),
ADD COLUMN "bounce_diagnostic" VARCHAR(2000);

-- The email log lists the bounced emails (a partial index; Prisma 6 cannot declare these).
CREATE INDEX "outgoing_emails_bounced" ON "outgoing_emails"("bounced_at") WHERE "bounced_at" IS NOT NULL;
