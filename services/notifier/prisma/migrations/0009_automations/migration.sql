-- Issue 12: automations (trigger, conditions, actions; src/domain/automations/), their run log, the
-- notifier's copy of each ticket (what automations test, render and thread with, for events that carry
-- less than the whole ticket), and the auto-reply throttle.
CREATE TABLE "automations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    -- A01, A02, ...: the next free one on create.
    "code" VARCHAR(16) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    -- A key of the trigger registry (src/domain/automations/triggers.ts).
    "trigger" VARCHAR(64) NOT NULL,
    -- [{field, op: in|not_in|is_true|is_false, values?}], all must hold.
    "conditions" JSONB NOT NULL DEFAULT '[]',
    -- [{type: send_email, templateId, to: [{kind, groupId?}], personal?}]
    "actions" JSONB NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_by" UUID,
    CONSTRAINT "automations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "automations_code_key" ON "automations"("code");

-- One row per enabled automation whose trigger matched an event: what it sent, or why not.
-- No foreign key: a deleted automation's runs keep its code.
CREATE TABLE "automation_runs" (
    "id" UUID NOT NULL,
    "automation_id" UUID NOT NULL,
    "automation_code" VARCHAR(16) NOT NULL,
    "automation_version" INTEGER NOT NULL,
    "event_id" UUID NOT NULL,
    "event_type" VARCHAR(64) NOT NULL,
    "ticket_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    -- sent | not_sent | conditions_false
    "outcome" VARCHAR(16) NOT NULL,
    -- conditions (actual, passed), recipients (address or reason), emails not sent and why.
    "detail" JSONB NOT NULL DEFAULT '{}',
    -- The outgoing_emails rows it wrote (sent or not sent).
    "email_ids" UUID[] NOT NULL DEFAULT '{}',
    CONSTRAINT "automation_runs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "automation_runs_automation_event_key" ON "automation_runs"("automation_id", "event_id");
CREATE INDEX "automation_runs_automation_at_idx" ON "automation_runs"("automation_id", "at" DESC, "id");
CREATE INDEX "automation_runs_at_idx" ON "automation_runs"("at");

-- The notifier's copy of each ticket, upserted from every ticket.* event in the statement that handles it.
CREATE TABLE "notifier_tickets" (
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "subject" VARCHAR(250),
    "status" TEXT,
    "priority" TEXT,
    "channel" TEXT,
    "requester_email" VARCHAR(320),
    "customer_id" UUID,
    "customer_name" VARCHAR(200),
    "customer_group_id" UUID,
    "contact_id" UUID,
    "contact_first_name" VARCHAR(200),
    "contact_last_name" VARCHAR(200),
    "team_id" UUID,
    "assignee_id" UUID,
    "email_account_id" UUID,
    "reply_mailbox" VARCHAR(320),
    "created_at" TIMESTAMPTZ(3),
    "last_public_note" TEXT,
    "last_public_note_at" TIMESTAMPTZ(3),
    "last_public_note_author" VARCHAR(200),
    -- Message-IDs of the ticket's thread: the root first, then the last 19.
    "thread_ids" TEXT[] NOT NULL DEFAULT '{}',
    "last_message_id" VARCHAR(1000),
    -- The ticket aggregate's version of the last event applied.
    "version" INTEGER NOT NULL,
    CONSTRAINT "notifier_tickets_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "notifier_tickets_number_idx" ON "notifier_tickets"("number" DESC);

-- One automatic reply (Auto-Submitted: auto-replied) per recipient and ticket per rolling hour.
CREATE TABLE "auto_reply_throttle" (
    "to_address" VARCHAR(254) NOT NULL,
    "ticket_id" UUID NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "auto_reply_throttle_pkey" PRIMARY KEY ("to_address", "ticket_id")
);
CREATE INDEX "auto_reply_throttle_last_at_idx" ON "auto_reply_throttle"("last_at");

-- The thread after `added`: the root kept first, then the last 19 Message-IDs, none twice.
CREATE FUNCTION "notifier_thread_ids"(old TEXT[], added TEXT[]) RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
  WITH ids AS (
    SELECT id, min(n) AS n FROM unnest(coalesce(old, '{}') || coalesce(added, '{}')) WITH ORDINALITY AS a(id, n)
    WHERE id IS NOT NULL GROUP BY id
  ), ordered AS (SELECT id, row_number() OVER (ORDER BY n) AS r, count(*) OVER () AS c FROM ids)
  SELECT coalesce(array_agg(id ORDER BY r), '{}') FROM ordered WHERE r = 1 OR r > c - 19
$$;

-- The out-of-the-box automations (fixed ids, so tests and docs can name them). Today's fixed acknowledgement is A02.
INSERT INTO "automations" ("id", "code", "name", "trigger", "conditions", "actions", "enabled") VALUES
('a0000000-0000-4000-8000-000000000001', 'A01', 'Notify the account owner of a new ticket', 'ticket.created', '[]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a01-new-ticket-owner'), 'to', '[{"kind":"account_owner"}]'::jsonb)), false),
('a0000000-0000-4000-8000-000000000002', 'A02', 'Thank the customer', 'ticket.created', '[{"field":"email_automatic","op":"is_false"}]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a02-thank-you'), 'to', '[{"kind":"requester"}]'::jsonb)), true),
('a0000000-0000-4000-8000-000000000003', 'A03', 'Public note to the customer', 'ticket.public_note_added', '[{"field":"actor_kind","op":"in","values":["staff"]}]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a03-public-note'), 'to', '[{"kind":"requester"}]'::jsonb, 'personal', true)), true),
('a0000000-0000-4000-8000-000000000004', 'A04', 'Status changed', 'ticket.status_changed', '[{"field":"actor_kind","op":"in","values":["staff"]}]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a04-status-changed'), 'to', '[{"kind":"requester"}]'::jsonb)), true);

-- Automations are part of what decides on emails: instances holding the catalogue before them reload.
UPDATE "notifier_settings" SET "version" = "version" + 1 WHERE "id" = 1;
