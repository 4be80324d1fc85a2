-- Review finding on issue 11: an email announced and never filed (its event lost, or refused for good by
-- the tickets service) is announced again with growing gaps, and after MAIL_ANNOUNCE_ATTEMPTS
-- announcements gets the final state `unfiled`. `announcements` counts them since it was processed (or
-- retried by an admin); `last_announced_at` is when the last one was written (null: due at once).
ALTER TABLE "inbound_emails" ADD COLUMN "announcements" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "inbound_emails" ADD COLUMN "last_announced_at" TIMESTAMPTZ(3);
UPDATE "inbound_emails" SET "announcements" = 1, "last_announced_at" = "processed_at" WHERE "state" = 'announced';
