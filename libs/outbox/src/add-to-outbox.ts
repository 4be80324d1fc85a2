import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';

/** Records an event in the caller's transaction; the relay publishes it once the transaction commits. */
export async function addToOutbox(tx: SqlExecutor, event: Envelope<unknown>): Promise<void> {
  await tx.$executeRawUnsafe(
    'INSERT INTO outbox (event_id, event_type, payload) VALUES ($1::uuid, $2, $3::jsonb)',
    event.id,
    event.type,
    JSON.stringify(event),
  );
}
