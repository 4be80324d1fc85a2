import type { SqlExecutor } from '@helpdesk/db';

/**
 * Forgets one batch of events applied more than `olderThanHours` ago (the caller repeats until a
 * batch comes back short). Keep this well beyond any redelivery window: an event redelivered after
 * its record is gone would be applied again.
 */
export async function purgeProcessedEvents(tx: SqlExecutor, olderThanHours: number, batchSize: number): Promise<number> {
  return tx.$executeRawUnsafe(
    `DELETE FROM processed_events WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM processed_events WHERE processed_at < now() - make_interval(hours => $1)
       ORDER BY processed_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    olderThanHours,
    batchSize,
  );
}
