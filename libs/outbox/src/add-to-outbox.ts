import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';

// Transactions that added a row: after their commit, the committing process wakes its relay.
const wroteOutbox = new WeakSet<SqlExecutor>();

/** Records an event in the caller's transaction; the relay publishes it once the transaction commits. */
export async function addToOutbox(tx: SqlExecutor, event: Envelope<unknown>): Promise<void> {
  wroteOutbox.add(tx);
  await tx.$executeRawUnsafe(
    'INSERT INTO outbox (event_id, event_type, payload) VALUES ($1::uuid, $2, $3::jsonb)',
    event.id,
    event.type,
    JSON.stringify(event),
  );
}

/** True if events were added to the outbox in this transaction: after its commit there is something to publish. */
export function addedToOutbox(tx: SqlExecutor): boolean {
  return wroteOutbox.has(tx);
}
