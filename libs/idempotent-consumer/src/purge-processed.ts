import type { SqlExecutor } from '@helpdesk/db';

/**
 * Forgets events applied more than `olderThanHours` ago, a batch at a time. Keep this well beyond
 * any redelivery window: an event redelivered after its record is gone would be applied again.
 */
export async function purgeProcessedEvents(tx: SqlExecutor, olderThanHours: number, batchSize = 10_000): Promise<number> {
  return tx.$executeRawUnsafe(
    `DELETE FROM processed_events WHERE (consumer, event_id) IN (
       SELECT consumer, event_id FROM processed_events WHERE processed_at < now() - make_interval(hours => $1) LIMIT $2)`,
    olderThanHours,
    batchSize,
  );
}
