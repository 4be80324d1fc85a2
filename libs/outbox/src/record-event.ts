import { createEvent, type AggregateVersion, type EventDefinition } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { currentContext, currentCorrelationId } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { addToOutbox } from './add-to-outbox.js';

/**
 * Builds an event of the work in progress (its correlation id, and the event that caused it) and
 * adds it to the outbox in the caller's transaction. Validates it against the catalog first.
 * `aggregate` is the entity the event is about with its version as this transaction leaves it: the
 * caller counts the version up in the same transaction, so consumers order the events by it.
 */
export async function recordEvent<S extends TSchema>(
  tx: SqlExecutor,
  producer: string,
  definition: EventDefinition<S>,
  aggregate: AggregateVersion,
  data: Static<S>,
): Promise<void> {
  const event = createEvent(definition, aggregate, data, {
    producer,
    correlationId: currentCorrelationId(),
    causationId: currentContext()?.causationId ?? null,
  });
  await addToOutbox(tx, event);
}
