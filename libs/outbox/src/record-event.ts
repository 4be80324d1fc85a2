import { createEvent, type AggregateVersion, type Envelope, type EventDefinition } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { currentContext, currentCorrelationId } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { addToOutbox } from './add-to-outbox.js';

/**
 * An event of the work in progress (its correlation id, and the event that caused it), validated
 * against the catalog. `aggregate` is the entity the event is about with its version as the change
 * leaves it: the caller counts the version up with the change, so consumers order the events by it.
 */
export function eventOfCurrentWork<S extends TSchema>(
  producer: string,
  definition: EventDefinition<S>,
  aggregate: AggregateVersion,
  data: Static<S>,
): Envelope<Static<S>> {
  return createEvent(definition, aggregate, data, {
    producer,
    correlationId: currentCorrelationId(),
    causationId: currentContext()?.causationId ?? null,
  });
}

/** Builds an event of the work in progress (see eventOfCurrentWork) and adds it to the outbox in the caller's transaction. */
export async function recordEvent<S extends TSchema>(
  tx: SqlExecutor,
  producer: string,
  definition: EventDefinition<S>,
  aggregate: AggregateVersion,
  data: Static<S>,
): Promise<void> {
  await addToOutbox(tx, eventOfCurrentWork(producer, definition, aggregate, data));
}
