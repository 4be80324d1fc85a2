-- Events no queue takes now land in the broker's unrouted queue (the events exchange's alternate
-- exchange), kept and counted there: the outbox no longer sets them aside. Rows set aside before
-- are sent again.
DROP INDEX outbox_due;
ALTER TABLE outbox DROP COLUMN abandoned_at;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE published_at IS NULL;
-- Retention deletes published rows by age in batches; this keeps each batch an index range.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
