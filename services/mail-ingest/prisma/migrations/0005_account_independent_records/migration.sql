-- Review of integ, item 2: the inbound emails (raw sources, processing records) and their attachment
-- bytes outlive the account they were fetched from: tickets link them (attachments are served from
-- here), and issue 11 §3/§4 keep every source and record. Deleting an account takes its fetch state
-- (mailbox_states, cascading) and its allocation, not its mail; `email_account_id` stays as it was.
ALTER TABLE "inbound_emails" DROP CONSTRAINT "inbound_emails_account_fkey";

-- Item 3: where an account's sync stands belongs to one destination (host, port, user, folder).
-- UIDVALIDITY is unique per folder on one server only, so another folder or server can show the same
-- value. Changing the destination counts `generation` up (with the account update, in its
-- transaction) and starts the sync afresh; the generation is part of "this fetched message is
-- already stored", so the new folder's UIDs never collide with the old one's.
ALTER TABLE "mailbox_states" ADD COLUMN "generation" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "inbound_emails" ADD COLUMN "mailbox_generation" INTEGER NOT NULL DEFAULT 0;
DROP INDEX "inbound_emails_fetched_uid";
CREATE UNIQUE INDEX "inbound_emails_fetched_uid" ON "inbound_emails" ("email_account_id", "mailbox_generation", "uid_validity", "uid");
