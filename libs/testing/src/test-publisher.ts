import { Bus } from '@helpdesk/bus';
import { createEvent, type AggregateVersion, type Envelope, type EventDefinition } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { testEnvironment } from './environment.js';

/**
 * Publishes events on a test's bus prefix as their producers would: what a test of a consumer
 * stands in for the services it does not start.
 */
export async function startTestPublisher(busPrefix: string, correlationId = 'test') {
  const bus = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'test-publisher' });
  bus.start();
  await bus.waitUntilConnected();
  return {
    /** Publishes an event about `aggregate` at its version (an older one: as a late delivery would be); returns it. */
    async publish<S extends TSchema>(definition: EventDefinition<S>, aggregate: AggregateVersion, data: Static<S>) {
      const event = createEvent(definition, aggregate, data, { producer: definition.producer, correlationId });
      await bus.publish(event as Envelope);
      return event;
    },
    /** Publishes an event once more, under its own id: what a redelivery or a duplicate looks like to a consumer. */
    republish: (event: Envelope) => bus.publish(event),
    stop: () => bus.stop(),
  };
}
