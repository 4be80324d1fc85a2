-- The processor (issue 11 §3) claims a stored email for a while instead of holding a transaction open
-- while it parses: a processor that dies mid-way leaves the claim to lapse, and another takes the email
-- again. `attempts` (0002) counts the claims and fences the write of the result: only the latest claim
-- may record what became of the email.
ALTER TABLE "inbound_emails" ADD COLUMN "claimed_until" TIMESTAMPTZ(3);
