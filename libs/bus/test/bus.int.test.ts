import amqp from 'amqplib';
import { createEvent, ticketCreatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import { deleteBusTopology, newTestBusPrefix, queueDepth, testEnvironment, waitFor } from '@helpdesk/testing';
import { Bus, UnroutableError } from '../src';

const log = createLogger({ service: 'bus-test', level: 'silent' });

function ticketCreated(subject: string): Envelope {
  return createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, { ...ticketCreatedV1.example, subject }, { producer: 'tickets', correlationId: `c-${subject}` });
}

describe('Bus', () => {
  const prefix = newTestBusPrefix();
  const queue = `${prefix}.consumer`;
  let bus: Bus;
  const attempts = new Map<string, number>();
  const handled: string[] = [];

  beforeAll(async () => {
    bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'bus-test' });
    await bus.subscribe({
      queue,
      eventTypes: ['ticket.created'],
      deliveryLimit: 3,
      prefetch: 4,
      handle: async (event) => {
        const subject = String((event.data as { subject: string }).subject);
        attempts.set(subject, (attempts.get(subject) ?? 0) + 1);
        if (subject === 'poison') throw new Error('this handler always fails for poison');
        handled.push(subject);
      },
    });
    bus.start();
    await bus.waitUntilConnected();
  });

  afterAll(async () => {
    await bus.stop();
    await deleteBusTopology(prefix, [queue]);
  });

  it('dead-letters a message whose handler always fails after the delivery limit, while the messages behind it flow', async () => {
    await bus.publish(ticketCreated('poison'));
    for (let i = 0; i < 5; i++) await bus.publish(ticketCreated(`good-${i}`));

    await waitFor(() => handled.length === 5, { what: 'the good messages' });
    await waitFor(async () => (await queueDepth(`${queue}.dead-letter`)) === 1, { what: 'the poison message in the dead-letter queue' });
    // Retried up to the limit, not dropped at the first failure, and never again once dead-lettered.
    const tries = attempts.get('poison')!;
    expect(tries).toBeGreaterThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts.get('poison')).toBe(tries);
    expect(handled.sort()).toEqual(['good-0', 'good-1', 'good-2', 'good-3', 'good-4']);
  });

  it('dead-letters at once a message that does not match its schema, without calling the handler', async () => {
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    const channel = await connection.createConfirmChannel();
    const before = await queueDepth(`${queue}.dead-letter`);
    const invalid = { ...ticketCreated('x'), data: { subject: 'no other fields' } };
    channel.publish(`${prefix}.events`, 'ticket.created', Buffer.from(JSON.stringify(invalid)));
    channel.publish(`${prefix}.events`, 'ticket.created', Buffer.from('not json'));
    await channel.waitForConfirms();
    await connection.close();

    await waitFor(async () => (await queueDepth(`${queue}.dead-letter`)) === before + 2, { what: 'two dead-lettered messages' });
    expect(attempts.has('no other fields')).toBe(false);
  });

  it('rejects a publish that no queue receives as unroutable', async () => {
    const lonely = new Bus({ url: testEnvironment.amqpUrl, prefix: newTestBusPrefix(), log, connectionName: 'bus-test-lonely' });
    lonely.start();
    await lonely.waitUntilConnected();
    try {
      await expect(lonely.publish(ticketCreated('nobody listens'))).rejects.toBeInstanceOf(UnroutableError);
    } finally {
      await lonely.stop();
      await deleteBusTopology(lonely.names.events.replace(/\.events$/, ''), []);
    }
  });
});
