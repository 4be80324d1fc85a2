-- Retention deletes old records in batches; this keeps each batch an index range instead of a scan.
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);
