-- Filing inbound email (issue 11 §6, §9; the rules: services/mail-ingest/test/corpus/README.md).

-- Where a ticket came from, when it was last closed (a reply within REOPEN_WITHIN_DAYS reopens it,
-- later it opens a new ticket linked to the old one), and the email that opened it.
ALTER TABLE "tickets" ADD COLUMN "channel" VARCHAR(8),
ADD COLUMN "closed_at" TIMESTAMPTZ(3),
ADD COLUMN "linked_ticket_id" UUID,
ADD COLUMN "source_email_id" UUID,
-- The sanitised HTML of the email that opened it (its text is the description).
ADD COLUMN "description_html" TEXT;
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_channel_check" CHECK ("channel" IN ('portal', 'agent', 'email'));
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_linked_ticket_id_fkey" FOREIGN KEY ("linked_ticket_id") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "tickets_source_email_id_key" ON "tickets"("source_email_id");
-- Tickets closed before closed_at existed: their last change is the best estimate of when.
UPDATE "tickets" SET "closed_at" = "updated_at" WHERE "status" = 'closed';
UPDATE "tickets" SET "channel" = CASE "created_by_kind" WHEN 'contact' THEN 'portal' ELSE 'agent' END;

-- A note from an email: its sanitised HTML (mail-ingest sanitised it) and the email, at most once.
ALTER TABLE "ticket_notes" ADD COLUMN "source_email_id" UUID,
ADD COLUMN "body_html" TEXT;
CREATE UNIQUE INDEX "ticket_notes_source_email_id_key" ON "ticket_notes"("source_email_id");

-- The Message-IDs of each ticket's emails: those the system issued (outgoing_email.queued) and those
-- it received. A Message-ID belongs to one ticket: a second email with it is a duplicate (received)
-- or the system's own mail (issued).
CREATE TABLE "ticket_message_ids" (
    "message_id" VARCHAR(1000) NOT NULL,
    "ticket_id" UUID NOT NULL,
    "source" VARCHAR(8) NOT NULL,
    -- The inbound email (received) or the outgoing email (issued).
    "email_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_message_ids_pkey" PRIMARY KEY ("message_id"),
    CONSTRAINT "ticket_message_ids_source_check" CHECK ("source" IN ('received', 'issued')),
    CONSTRAINT "ticket_message_ids_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ticket_message_ids_ticket_id_idx" ON "ticket_message_ids"("ticket_id");

-- People on a ticket beside its requester: contacts of its customer in copy of its first email, and
-- senders of replies who are not the requester. Keyed by address; the contact when known.
CREATE TABLE "ticket_participants" (
    "ticket_id" UUID NOT NULL,
    "email" VARCHAR(320) NOT NULL,
    "contact_id" UUID,
    "source_email_id" UUID,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_participants_pkey" PRIMARY KEY ("ticket_id", "email"),
    CONSTRAINT "ticket_participants_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Attachments and inline images of a ticket's emails: metadata only, the bytes stay in mail-ingest
-- (id = its inbound_attachments id). note_id null: the email that opened the ticket.
CREATE TABLE "ticket_attachments" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "note_id" UUID,
    "email_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" VARCHAR(500) NOT NULL,
    "content_type" VARCHAR(255) NOT NULL,
    "size" INTEGER NOT NULL,
    "inline" BOOLEAN NOT NULL,
    "content_id" VARCHAR(1000),

    CONSTRAINT "ticket_attachments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ticket_attachments_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ticket_attachments_note_id_fkey" FOREIGN KEY ("note_id") REFERENCES "ticket_notes"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ticket_attachments_ticket_id_idx" ON "ticket_attachments"("ticket_id", "position");

-- What each inbound email became, as published in inbound_email.filed: an email announced again
-- (mail-ingest retried it) gets the same answer, and nothing is filed twice.
CREATE TABLE "inbound_email_filings" (
    "email_id" UUID NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "ticket_id" UUID,
    "filed" JSONB NOT NULL,
    "filed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_email_filings_pkey" PRIMARY KEY ("email_id")
);

-- The customers' email domains (customer.created/updated): an unknown sender on exactly one
-- customer's domain becomes that customer's contact.
ALTER TABLE "customers" ADD COLUMN "email_domains" TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX "customers_email_domains_idx" ON "customers" USING gin ("email_domains");

-- A sender is found by address among active contacts (stored lower case).
CREATE INDEX "contacts_email_idx" ON "contacts"("email") WHERE "active";
