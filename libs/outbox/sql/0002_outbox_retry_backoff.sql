-- A row the broker did not take (nack, timeout, or no queue bound) waits before its next try, so that
-- it stays pending without holding back the rows behind it.
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE published_at IS NULL;
