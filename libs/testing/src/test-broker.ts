import amqp from 'amqplib';
import { eventConsumers } from '@helpdesk/contracts-schema';
import { testEnvironment, uniqueSuffix } from './environment.js';

export const TEST_BUS_PREFIX = 'hdt-';

/** A bus prefix of its own for one test file: its exchanges and queues meet nobody else's. */
export function newTestBusPrefix(): string {
  return `${TEST_BUS_PREFIX}${uniqueSuffix()}`;
}

/**
 * Deletes what a test's services declared under its prefix: every declared consumer's queue and
 * dead-letter queue, the unrouted queue, the exchanges, and any other queues the test names.
 */
export async function deleteBusTopology(prefix: string, otherQueues: string[] = []): Promise<void> {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  try {
    const channel = await connection.createChannel();
    const queues = new Set([...Object.keys(eventConsumers).map((consumer) => `${prefix}.${consumer}`), ...otherQueues]);
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.dead-letter`);
    }
    await channel.deleteQueue(`${prefix}.unrouted`);
    for (const exchange of ['events', 'dead-letter', 'unrouted']) await channel.deleteExchange(`${prefix}.${exchange}`);
  } finally {
    await connection.close();
  }
}

/** A queue of the test's own, bound to some event types, to watch what reaches the broker. */
export async function watchEvents(prefix: string, eventTypes: string[]) {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  const channel = await connection.createChannel();
  // Declared as the bus declares it (events no queue takes go to the unrouted exchange), whoever comes first.
  await channel.assertExchange(`${prefix}.unrouted`, 'fanout', { durable: true });
  await channel.assertExchange(`${prefix}.events`, 'topic', { durable: true, alternateExchange: `${prefix}.unrouted` });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  for (const type of eventTypes) await channel.bindQueue(queue, `${prefix}.events`, type);
  const received: Array<{ id: string; type: string; aggregate: { type: string; id: string; version: number }; data: Record<string, unknown>; correlationId: string }> = [];
  await channel.consume(queue, (message) => {
    if (message) received.push(JSON.parse(message.content.toString()));
  }, { noAck: true });
  return { received, close: () => connection.close() };
}

/** How many messages sit in a queue right now. */
export async function queueDepth(queue: string): Promise<number> {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  try {
    const channel = await connection.createChannel();
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await connection.close();
  }
}

/** Drops every message waiting in a queue (an operator's purge); 0 when the queue does not exist. */
export async function purgeQueue(queue: string): Promise<number> {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  try {
    const channel = await connection.createChannel();
    // A queue that does not exist closes the channel (404): nothing was waiting in it.
    channel.on('error', () => {});
    return (await channel.purgeQueue(queue).catch(() => ({ messageCount: 0 }))).messageCount;
  } finally {
    await connection.close().catch(() => {});
  }
}
