-- One account per mailbox folder, INBOX in any case being one folder (RFC 3501 §5.1): the service stores
-- it as INBOX from now on; accounts saved before as "inbox" are written so (the unique index below refuses
-- a second account on the same INBOX, so two such accounts make this migration fail, for an operator to
-- resolve by deleting one).
UPDATE "email_accounts" SET "folder" = 'INBOX' WHERE upper("folder") = 'INBOX' AND "folder" <> 'INBOX';
DROP INDEX "email_accounts_mailbox_key";
CREATE UNIQUE INDEX "email_accounts_mailbox_key" ON "email_accounts" (lower("imap_host"), "imap_port", lower("imap_user"), (CASE WHEN upper("folder") = 'INBOX' THEN 'INBOX' ELSE "folder" END));
