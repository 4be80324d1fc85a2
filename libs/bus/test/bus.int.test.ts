import amqp from 'amqplib';
import { createEvent, contactLoginEnabledV1, ticketCreatedV1, ticketUpdatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import { deleteBusTopology, newTestBusPrefix, queueDepth, testEnvironment, waitFor } from '@helpdesk/testing';
import { Bus, peekKeptMessages, replayKeptMessages } from '../src';

const log = createLogger({ service: 'bus-test', level: 'silent' });

function ticketCreated(subject: string): Envelope {
  return createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, { ...ticketCreatedV1.example, subject }, { producer: 'tickets', correlationId: `c-${subject}` });
}

const subjectOf = (event: Envelope) => String((event.data as { subject: string }).subject);
const source = () => ({ url: testEnvironment.amqpUrl, prefix: '' });

describe('Bus', () => {
  const prefix = newTestBusPrefix();
  const consumers = { consumer: ['ticket.created'], other: ['ticket.created', 'ticket.updated'] };
  const queue = `${prefix}.consumer`;
  let bus: Bus;
  const attempts = new Map<string, number>();
  const handled: string[] = [];
  let databaseAway = false;

  beforeAll(async () => {
    bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'bus-test', consumers });
    bus.subscribe({
      consumer: 'consumer',
      deliveryLimit: 3,
      prefetch: 4,
      isTransient: (error) => String(error).includes('database away'),
      handle: async (event) => {
        const subject = subjectOf(event);
        attempts.set(subject, (attempts.get(subject) ?? 0) + 1);
        if (subject === 'poison') throw new Error('this handler always fails for poison');
        if (subject.startsWith('during-outage') && databaseAway) throw new Error('database away');
        handled.push(subject);
      },
    });
    bus.start();
    await bus.waitUntilConnected();
  });

  afterAll(async () => {
    await bus.stop();
    await deleteBusTopology(prefix, [queue, `${prefix}.other`]);
  });

  it('dead-letters a message whose handler always fails after the delivery limit, while the messages behind it flow', async () => {
    await bus.publish(ticketCreated('poison'));
    for (let i = 0; i < 5; i++) await bus.publish(ticketCreated(`good-${i}`));

    await waitFor(() => handled.filter((s) => s.startsWith('good-')).length === 5, { what: 'the good messages' });
    await waitFor(async () => (await queueDepth(`${queue}.dead-letter`)) === 1, { what: 'the poison message in the dead-letter queue' });
    // Retried up to the limit, not dropped at the first failure, and never again once dead-lettered.
    expect(attempts.get('poison')).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts.get('poison')).toBe(3);
    const [dead] = await peekKeptMessages({ ...source(), prefix }, 'consumer');
    expect(dead).toMatchObject({ type: 'ticket.created', reason: 'handler failed 3 times', error: 'this handler always fails for poison' });
    expect(subjectOf(dead!.body as Envelope)).toBe('poison');
  });

  it('holds a message while the handler cannot reach its database, and never dead-letters it for that', async () => {
    databaseAway = true;
    const deadBefore = await queueDepth(`${queue}.dead-letter`);
    await bus.publish(ticketCreated('during-outage-1'));
    await waitFor(() => (attempts.get('during-outage-1') ?? 0) >= 3, { what: 'three tries during the outage', timeoutMs: 20_000 });
    expect(bus.status().heldMessages).toBe(1);
    expect(handled).not.toContain('during-outage-1');
    databaseAway = false;
    await waitFor(() => handled.includes('during-outage-1'), { what: 'the held message once the database is back', timeoutMs: 20_000 });
    expect(bus.status().heldMessages).toBe(0);
    expect(await queueDepth(`${queue}.dead-letter`)).toBe(deadBefore);
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

  it("replays a consumer's dead letters into its own queue only, with one command", async () => {
    const otherBefore = await queueDepth(`${prefix}.other`);
    await waitFor(async () => (await queueDepth(`${queue}.dead-letter`)) >= 1, { what: 'dead letters' });
    const [poison] = (await peekKeptMessages({ ...source(), prefix }, 'consumer')).filter((m) => m.type === 'ticket.created' && m.messageId);
    const triesBefore = attempts.get('poison')!;
    expect(await replayKeptMessages({ ...source(), prefix }, 'consumer', { messageIds: [poison!.messageId!] })).toBe(1);
    await waitFor(() => attempts.get('poison')! > triesBefore, { what: 'the replayed message to reach the handler again' });
    // The other consumer of ticket.created does not get it a second time.
    expect(await queueDepth(`${prefix}.other`)).toBe(otherBefore);
  });

  it('keeps an event no queue takes in the unrouted queue, counted, and replays it once a consumer exists', async () => {
    const nobodyListens = createEvent(contactLoginEnabledV1, { id: contactLoginEnabledV1.example.contactId, version: 2 }, contactLoginEnabledV1.example, { producer: 'customers', correlationId: 'u' });
    await bus.publish(nobodyListens);
    await waitFor(async () => (await bus.queueStats('consumer')).unrouted === 1, { what: 'the event counted as unrouted' });
    const [kept] = await peekKeptMessages({ ...source(), prefix }, 'unrouted');
    expect(kept).toMatchObject({ messageId: nobodyListens.id, routingKey: 'contact.login_enabled' });

    const connection = await amqp.connect(testEnvironment.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { queue: late } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(late, `${prefix}.events`, 'contact.login_enabled');
      expect(await replayKeptMessages({ ...source(), prefix }, 'unrouted')).toBe(1);
      await waitFor(async () => (await channel.checkQueue(late)).messageCount === 1, { what: 'the replayed event' });
      await waitFor(async () => (await bus.queueStats('consumer')).unrouted === 0, { what: 'the unrouted queue to be empty' });
    } finally {
      await connection.close();
    }
  });

  const deleteQueue = async (name: string) => {
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    try {
      await (await connection.createChannel()).deleteQueue(name);
    } finally {
      await connection.close();
    }
  };

  it('publishes events of several types at once while one of their queues is missing and declared again', async () => {
    await deleteQueue(`${prefix}.other`);
    const updated = createEvent(ticketUpdatedV1, { id: ticketUpdatedV1.example.ticketId, version: 2 }, ticketUpdatedV1.example, { producer: 'tickets', correlationId: 'u' });
    await expect(Promise.all([bus.publish(updated), bus.publish(ticketCreated('beside the update'))])).resolves.toEqual([undefined, undefined]);
    expect(await queueDepth(`${prefix}.other`)).toBe(2);
  });

  it('refuses to replay dead letters into a queue that does not exist, and keeps them', async () => {
    await deleteQueue(`${prefix}.other`);
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(`${prefix}.other.dead-letter`, Buffer.from(JSON.stringify(ticketCreated('kept'))), { messageId: 'kept-1' });
    await channel.waitForConfirms();
    await connection.close();
    await expect(replayKeptMessages({ ...source(), prefix }, 'other')).rejects.toThrow(/NOT_FOUND/);
    await waitFor(async () => (await queueDepth(`${prefix}.other.dead-letter`)) === 1, { what: 'the dead letter still kept' });
  });

  it('publishes an event already serialised byte for byte, with the properties of its header', async () => {
    const event = createEvent(contactLoginEnabledV1, { id: contactLoginEnabledV1.example.contactId, version: 3 }, contactLoginEnabledV1.example, { producer: 'customers', correlationId: 'serialised' });
    // As PostgreSQL writes jsonb out: its own key order and spacing, which a re-serialisation would change.
    const stored = JSON.stringify(event, null, 1);
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    try {
      const channel = await connection.createChannel();
      const { queue: watching } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(watching, `${prefix}.events`, 'contact.login_enabled');
      await bus.publishSerialised(event, stored);
      const message = await waitFor(async () => channel.get(watching, { noAck: true }), { what: 'the message' });
      expect(message.content.toString()).toBe(stored);
      expect(message.properties).toMatchObject({
        messageId: event.id,
        type: 'contact.login_enabled',
        correlationId: 'serialised',
        timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
        headers: { 'x-event-version': event.version },
      });
    } finally {
      await connection.close();
    }
  });

  it("declares a consumer's queue again before publishing when it was deleted, so that consumer misses nothing", async () => {
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    try {
      await (await connection.createChannel()).deleteQueue(`${prefix}.other`);
    } finally {
      await connection.close();
    }
    await bus.publish(ticketCreated('after the queue was deleted'));
    expect(await queueDepth(`${prefix}.other`)).toBe(1);
  });
});

describe('Bus consumers', () => {
  it('consume again when the broker cancels them because their queue was deleted while they ran', async () => {
    const prefix = newTestBusPrefix();
    const received: string[] = [];
    const bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'bus-cancel-test', consumers: { consumer: ['ticket.created'] } });
    try {
      bus.subscribe({ consumer: 'consumer', deliveryLimit: 3, prefetch: 1, handle: async (event) => void received.push(subjectOf(event)) });
      bus.start();
      await bus.waitUntilConnected();
      await bus.publish(ticketCreated('before'));
      await waitFor(() => received.includes('before'), { what: 'the first event' });
      const connection = await amqp.connect(testEnvironment.amqpUrl);
      await (await connection.createChannel()).deleteQueue(`${prefix}.consumer`);
      await connection.close();
      // The publish declares the queue again; the cancelled consumer must come back to it.
      await bus.publish(ticketCreated('after'));
      await waitFor(() => received.includes('after'), { what: 'the event published after the queue was deleted' });
    } finally {
      await bus.stop();
      await deleteBusTopology(prefix, [`${prefix}.consumer`]);
    }
  });
});

describe('Bus topology settings', () => {
  it('starts, consumes and publishes after the delivery limit changed between two starts', async () => {
    const prefix = newTestBusPrefix();
    const consumers = { consumer: ['ticket.created'] };
    const received: string[] = [];
    try {
      for (const deliveryLimit of [5, 2]) {
        const bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'bus-limit-test', consumers });
        bus.subscribe({ consumer: 'consumer', deliveryLimit, prefetch: 1, handle: async (event) => void received.push(subjectOf(event)) });
        bus.start();
        await bus.waitUntilConnected();
        await bus.publish(ticketCreated(`limit ${deliveryLimit}`));
        await waitFor(() => received.includes(`limit ${deliveryLimit}`), { what: `the event with limit ${deliveryLimit}` });
        await bus.stop();
      }
    } finally {
      await deleteBusTopology(prefix, [`${prefix}.consumer`]);
    }
  });

  it('uses as it is a queue declared by an older version with other arguments', async () => {
    const prefix = newTestBusPrefix();
    const connection = await amqp.connect(testEnvironment.amqpUrl);
    const channel = await connection.createChannel();
    await channel.assertQueue(`${prefix}.consumer`, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 9 } });
    await connection.close();
    const received: string[] = [];
    const bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'bus-old-queue', consumers: { consumer: ['ticket.created'] } });
    try {
      bus.subscribe({ consumer: 'consumer', deliveryLimit: 3, prefetch: 1, handle: async (event) => void received.push(subjectOf(event)) });
      bus.start();
      await bus.waitUntilConnected();
      await bus.publish(ticketCreated('into the old queue'));
      await waitFor(() => received.length === 1, { what: 'the event' });
    } finally {
      await bus.stop();
      await deleteBusTopology(prefix, [`${prefix}.consumer`]);
    }
  });
});
