-- Filing never loses an email over its sender, nor splits a thread over arrival order (review of integ, items 1 and 5).

-- A requester is the sender as mail-ingest decoded it: any mailbox up to 320 characters (RFC 5321's 64 + @ + 255),
-- not only what fits an ASCII address of 254. The contacts projection takes what the customers service may send.
ALTER TABLE "tickets" ALTER COLUMN "requester_email" TYPE VARCHAR(320);
ALTER TABLE "contacts" ALTER COLUMN "email" TYPE VARCHAR(320);

-- The Message-IDs each filed email referenced (In-Reply-To and References), by the ticket it went to:
-- an email that arrives after a reply to it (out of order, or filed at the same time on another
-- instance) finds that reply's ticket by its own Message-ID here, and joins it (rule 'references').
CREATE TABLE "ticket_referenced_message_ids" (
    "message_id" VARCHAR(1000) NOT NULL,
    "ticket_id" UUID NOT NULL,
    -- The inbound email that referenced it.
    "email_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_referenced_message_ids_pkey" PRIMARY KEY ("message_id", "ticket_id"),
    CONSTRAINT "ticket_referenced_message_ids_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ticket_referenced_message_ids_ticket_id_idx" ON "ticket_referenced_message_ids"("ticket_id");
