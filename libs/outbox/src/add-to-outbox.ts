import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';

// Transactions that added a row: after their commit, the committing process wakes its relay.
const wroteOutbox = new WeakSet<SqlExecutor>();

export interface OutboxInsert {
  sql: string;
  values: unknown[];
}

/**
 * The INSERT of an event's outbox row, for a statement that writes it together with the change it
 * describes (a data-modifying CTE: one round trip, no interactive transaction). Its parameters are
 * numbered from `firstParameter`; `payload` may wrap the envelope's JSON in an expression that fills
 * in a value only that statement knows, such as a number drawn from a sequence.
 */
export function outboxInsert(event: Envelope<unknown>, firstParameter = 1, payload = (envelope: string) => envelope): OutboxInsert {
  const [id, type, envelope] = [0, 1, 2].map((offset) => `$${firstParameter + offset}`);
  return {
    sql: `INSERT INTO outbox (event_id, event_type, payload) VALUES (${id}::uuid, ${type}, ${payload(`${envelope}::jsonb`)})`,
    values: [event.id, event.type, JSON.stringify(event)],
  };
}

/**
 * The INSERT of many events' outbox rows, for a statement that writes them together with the changes
 * they describe (as outboxInsert, for a group). Its three parameters (ids, types, envelopes as arrays)
 * are numbered from `firstParameter`. `where` may keep only some of them: a condition on
 * `o.event_id`, `o.event_type` and `o.payload` (jsonb), e.g. that the row the event announces was
 * written by the statement (an `ON CONFLICT DO NOTHING` may have skipped it).
 */
export function outboxInsertMany(events: Envelope<unknown>[], firstParameter = 1, where?: string): OutboxInsert {
  const [ids, types, envelopes] = [0, 1, 2].map((offset) => `$${firstParameter + offset}`);
  return {
    sql:
      `INSERT INTO outbox (event_id, event_type, payload) SELECT o.event_id, o.event_type, o.payload ` +
      `FROM unnest(${ids}::uuid[], ${types}::text[], ${envelopes}::jsonb[]) AS o(event_id, event_type, payload)` +
      (where ? ` WHERE ${where}` : ''),
    values: [events.map((event) => event.id), events.map((event) => event.type), events.map((event) => JSON.stringify(event))],
  };
}

/** Records an event in the caller's transaction; the relay publishes it once the transaction commits. */
export async function addToOutbox(tx: SqlExecutor, event: Envelope<unknown>): Promise<void> {
  wroteOutbox.add(tx);
  const { sql, values } = outboxInsert(event);
  await tx.$executeRawUnsafe(sql, ...values);
}

/** Records many events in the caller's transaction in one statement (in their order), as addToOutbox does one. */
export async function addAllToOutbox(tx: SqlExecutor, events: Envelope<unknown>[]): Promise<void> {
  if (events.length === 0) return;
  wroteOutbox.add(tx);
  const { sql, values } = outboxInsertMany(events);
  await tx.$executeRawUnsafe(sql, ...values);
}

/** True if events were added to the outbox in this transaction: after its commit there is something to publish. */
export function addedToOutbox(tx: SqlExecutor): boolean {
  return wroteOutbox.has(tx);
}
