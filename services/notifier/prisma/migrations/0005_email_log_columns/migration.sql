-- Issue 12: every email the notifier decides on is a row of the email log, sent or not.
ALTER TABLE "outgoing_emails"
-- The HTML alternative of templated emails (the text body stays the plain-text part).
ADD COLUMN "html_body" TEXT,
-- RFC 3834 Auto-Submitted: 'auto-replied' (answers a message), 'auto-generated' (other automatic mail),
-- null (a person's words, e.g. an agent's public note).
ADD COLUMN "auto_submitted" VARCHAR(16),
-- What decided on the email: automation, system_email, notification_group, password_reset, ...
ADD COLUMN "source" VARCHAR(24),
ADD COLUMN "template_key" VARCHAR(64),
ADD COLUMN "automation_id" UUID,
ADD COLUMN "automation_code" VARCHAR(16),
-- Set for an email decided against (switched off, portal disabled, rate limited, ...): never claimed, never sent.
ADD COLUMN "not_sent_reason" VARCHAR(64),
-- The mail server's answer to the last attempt (its acceptance, or its refusal).
ADD COLUMN "smtp_response" VARCHAR(1000),
ADD COLUMN "retried_at" TIMESTAMPTZ(3),
ADD COLUMN "retried_by" UUID;

-- Rows queued before this migration were all sent as answers: they keep that header.
UPDATE "outgoing_emails" SET "auto_submitted" = 'auto-replied';

-- Only emails still to send are waiting; those decided against never are.
DROP INDEX "outgoing_emails_unsent";
CREATE INDEX "outgoing_emails_unsent" ON "outgoing_emails"("next_attempt_at") WHERE "sent_at" IS NULL AND "not_sent_reason" IS NULL;
