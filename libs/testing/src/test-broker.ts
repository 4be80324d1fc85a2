import amqp from 'amqplib';
import { testEnvironment, uniqueSuffix } from './environment.js';

export const TEST_BUS_PREFIX = 'hdt-';

/** A bus prefix of its own for one test file: its exchanges and queues meet nobody else's. */
export function newTestBusPrefix(): string {
  return `${TEST_BUS_PREFIX}${uniqueSuffix()}`;
}

/** Deletes the queues (and their dead-letter queues) and exchanges of a test prefix. */
export async function deleteBusTopology(prefix: string, queues: string[]): Promise<void> {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(`${queue}.dead-letter`);
    }
    await channel.deleteExchange(`${prefix}.events`);
    await channel.deleteExchange(`${prefix}.dead-letter`);
  } finally {
    await connection.close();
  }
}

/** A queue of the test's own, bound to some event types, to watch what reaches the broker. */
export async function watchEvents(prefix: string, eventTypes: string[]) {
  const connection = await amqp.connect(testEnvironment.amqpUrl);
  const channel = await connection.createChannel();
  await channel.assertExchange(`${prefix}.events`, 'topic', { durable: true });
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
