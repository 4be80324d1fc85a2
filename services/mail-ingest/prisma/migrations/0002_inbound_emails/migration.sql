-- Fetching (issue 11 §2): per account, where its folder's sync stands and which instance holds it.
-- The progress is written in the transaction that stores the mail it covers; the lease token goes up
-- at every takeover, and every write of progress names the token it holds, so an instance that lost
-- its lease (paused, partitioned) cannot commit over the new holder.
CREATE TABLE "mailbox_states" (
    "email_account_id" UUID NOT NULL,
    "uid_validity" BIGINT,
    "last_uid" BIGINT NOT NULL DEFAULT 0,
    "lease_holder" VARCHAR(200),
    "lease_token" BIGINT NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mailbox_states_pkey" PRIMARY KEY ("email_account_id"),
    CONSTRAINT "mailbox_states_account_fkey" FOREIGN KEY ("email_account_id") REFERENCES "email_accounts"("id") ON DELETE CASCADE
);

-- Every email fetched, raw first (issue 11 §3), and its processing record (§4).
-- state: received (stored, not yet processed) -> announced (parsed, sent to tickets) -> filed (tickets
-- answered), or straight to a final state: duplicate, bounce, own-mail, quarantined.
-- outcome: what the record says became of it: new-ticket, joined-ticket, duplicate, bounce, own-mail,
-- quarantined (null while it is under way).
CREATE TABLE "inbound_emails" (
    "id" UUID NOT NULL,
    "email_account_id" UUID NOT NULL,
    -- Where it was fetched from; null for an email not fetched by UID.
    "uid_validity" BIGINT,
    "uid" BIGINT,
    -- 'mid:' + the Message-ID, or 'hash:' + the SHA-256 of the headers the sender wrote and the body.
    "dedup_key" VARCHAR(1100) NOT NULL,
    "message_id" VARCHAR(1000),
    -- A second delivery of an email already ingested on this account: the first one's id; its raw is not kept again.
    "duplicate_of" UUID,
    "raw" BYTEA,
    "size" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" VARCHAR(16) NOT NULL,
    "outcome" VARCHAR(16),
    -- Why, in words for the administrator.
    "outcome_detail" TEXT,
    -- too-large | no-sender | parse-failed | parse-timeout
    "quarantine_reason" VARCHAR(32),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMPTZ(3),
    "filed_at" TIMESTAMPTZ(3),
    -- What the parser found.
    "from_address" VARCHAR(320),
    "from_name" VARCHAR(500),
    "to_addresses" JSONB,
    "cc_addresses" JSONB,
    "subject" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "in_reply_to" VARCHAR(1000),
    "references" TEXT[],
    "text_body" TEXT,
    -- Sanitised before it is stored: nothing unsanitised is ever served.
    "html_body" TEXT,
    "automatic_header" VARCHAR(64),
    "automatic_value" TEXT,
    -- What tickets made of it (inbound_email.filed).
    "ticket_id" UUID,
    "ticket_number" INTEGER,
    "rule" VARCHAR(16),
    "reopened" BOOLEAN,
    "linked_ticket_id" UUID,
    "note_id" UUID,
    -- A delivery-status report: the email it answers and what it says.
    "bounce_against" VARCHAR(1000),
    "bounce_recipient" VARCHAR(320),
    "bounce_action" VARCHAR(100),
    "bounce_status" VARCHAR(32),
    "bounce_diagnostic" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "inbound_emails_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "inbound_emails_account_fkey" FOREIGN KEY ("email_account_id") REFERENCES "email_accounts"("id") ON DELETE CASCADE,
    CONSTRAINT "inbound_emails_duplicate_of_fkey" FOREIGN KEY ("duplicate_of") REFERENCES "inbound_emails"("id") ON DELETE CASCADE
);

-- Deduplication (issue 11 §5): one email once per account.
CREATE UNIQUE INDEX "inbound_emails_dedup_key" ON "inbound_emails" ("email_account_id", "dedup_key") WHERE "duplicate_of" IS NULL;
-- The same fetched message read again (a sync whose progress did not commit) is recognised, not recorded twice.
CREATE UNIQUE INDEX "inbound_emails_fetched_uid" ON "inbound_emails" ("email_account_id", "uid_validity", "uid");
-- The processor's queue.
CREATE INDEX "inbound_emails_received" ON "inbound_emails" ("received_at", "id") WHERE "state" = 'received';
-- The records of an account, newest first, and the quarantine.
CREATE INDEX "inbound_emails_account_recent" ON "inbound_emails" ("email_account_id", "received_at" DESC, "id" DESC);
CREATE INDEX "inbound_emails_outcome_recent" ON "inbound_emails" ("outcome", "received_at" DESC, "id" DESC);

-- Attachments and inline images of an inbound email, served through the gateway to those who may see its ticket.
CREATE TABLE "inbound_attachments" (
    "id" UUID NOT NULL,
    "email_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" VARCHAR(500) NOT NULL,
    "content_type" VARCHAR(255) NOT NULL,
    "size" INTEGER NOT NULL,
    "inline" BOOLEAN NOT NULL,
    "content_id" VARCHAR(1000),
    "sha256" BYTEA NOT NULL,
    "content" BYTEA NOT NULL,
    CONSTRAINT "inbound_attachments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "inbound_attachments_email_fkey" FOREIGN KEY ("email_id") REFERENCES "inbound_emails"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "inbound_attachments_email_position" ON "inbound_attachments" ("email_id", "position");
