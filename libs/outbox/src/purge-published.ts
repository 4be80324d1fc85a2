import type { SqlExecutor } from '@helpdesk/db';

/**
 * Deletes events published more than `olderThanHours` ago, a batch at a time; pending rows are never
 * touched. Returns how many went. Safe to run from several instances at once.
 */
export async function purgePublishedOutbox(tx: SqlExecutor, olderThanHours: number, batchSize = 10_000): Promise<number> {
  return tx.$executeRawUnsafe(
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox WHERE published_at < now() - make_interval(hours => $1) LIMIT $2)`,
    olderThanHours,
    batchSize,
  );
}
