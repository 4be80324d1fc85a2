import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';

/** Runs `fn` in a new transaction and commits what it did, or rolls it all back. */
export type RunInTransaction<Tx extends SqlExecutor> = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/**
 * Applies `effect` for an event at most once per consumer: the event id is recorded in the same
 * transaction as the effect. A concurrent duplicate waits on the row lock and then skips.
 * Returns false when the event had already been applied.
 */
export async function handleOnce<Tx extends SqlExecutor>(
  runInTransaction: RunInTransaction<Tx>,
  consumer: string,
  event: Envelope<unknown>,
  effect: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return runInTransaction(async (tx) => {
    const inserted = await tx.$executeRawUnsafe(
      'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING',
      consumer,
      event.id,
    );
    if (inserted === 0) return false;
    await effect(tx);
    return true;
  });
}
