-- Review of integ, item 8: retrying a quarantined email no longer resets `attempts`, the fencing token
-- of a claim (a stale claim could otherwise record over a fresh one with the same number). The count
-- at the retry is kept instead, and PROCESSOR_MAX_ATTEMPTS counts the claims since then.
ALTER TABLE "inbound_emails" ADD COLUMN "attempts_at_requeue" INTEGER NOT NULL DEFAULT 0;

-- Review item 1: records by state (GET /api/inbound-emails?state=announced finds the emails announced
-- and never filed), and the age of the oldest of those for the metrics and /health/ready.
CREATE INDEX "inbound_emails_state_recent" ON "inbound_emails" ("state", "received_at" DESC, "id" DESC);
CREATE INDEX "inbound_emails_announced" ON "inbound_emails" ("processed_at") WHERE "state" = 'announced';
