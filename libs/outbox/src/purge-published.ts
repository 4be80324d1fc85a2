import type { SqlExecutor } from '@helpdesk/db';

/**
 * Deletes one batch of events published more than `olderThanHours` ago; pending rows are never
 * touched. Rows another instance is deleting right now are skipped, so several instances share the
 * work. Returns how many went: the caller repeats until a batch comes back short.
 */
export async function purgePublishedOutbox(tx: SqlExecutor, olderThanHours: number, batchSize: number): Promise<number> {
  return tx.$executeRawUnsafe(
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox WHERE published_at < now() - make_interval(hours => $1)
       ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    olderThanHours,
    batchSize,
  );
}
