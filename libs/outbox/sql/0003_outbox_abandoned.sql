-- An event no queue has taken for a long while (no service consumes its type) stops being retried.
-- It is kept, not published: an operator can send it again by clearing abandoned_at.
ALTER TABLE outbox ADD COLUMN abandoned_at timestamptz;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE published_at IS NULL AND abandoned_at IS NULL;
