-- Issue 12: the system emails' switches, and what searching the email log needs.

-- One row per system email (a fixed set: the keys are the code's, not the administrator's). Both are on
-- in a new installation (seed 000). `version` orders system_email.updated for its consumers.
CREATE TABLE "system_emails" (
    "key" VARCHAR(32) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    -- The email template it is rendered from (email_templates.key).
    "template_key" VARCHAR(64) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_by" UUID,
    CONSTRAINT "system_emails_pkey" PRIMARY KEY ("key")
);
INSERT INTO "system_emails" ("key", "template_key") VALUES
('portal_invitation', 'system-portal-invitation'),
('portal_account_created', 'system-portal-account-created');

-- Announce both switches once, at their first version, for the consumers that decide by them (customers:
-- whether enabling a login sends an invitation). The relay publishes these rows like any other.
WITH s AS (SELECT system_emails.*, gen_random_uuid() AS event_id FROM system_emails)
INSERT INTO outbox (event_id, event_type, payload)
SELECT s.event_id, 'system_email.updated', jsonb_build_object(
    'id', s.event_id,
    'type', 'system_email.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'system_email', 'id', s.key, 'version', s.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'notifier',
    'correlationId', 'migration-0008-system-emails',
    'causationId', NULL,
    'data', jsonb_build_object('key', s.key, 'enabled', s.enabled))
FROM s;

-- The email log: newest first, keyset pages; recipient and subject searched by substring in any case.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "outgoing_emails_log" ON "outgoing_emails"("created_at" DESC, "id" DESC);
CREATE INDEX "outgoing_emails_to_address_trgm" ON "outgoing_emails" USING gin (lower("to_address") gin_trgm_ops);
CREATE INDEX "outgoing_emails_subject_trgm" ON "outgoing_emails" USING gin (lower("subject") gin_trgm_ops);
CREATE INDEX "outgoing_emails_ticket" ON "outgoing_emails"("ticket_id", "created_at" DESC) WHERE "ticket_id" IS NOT NULL;
