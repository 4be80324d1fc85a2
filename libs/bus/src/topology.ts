import type { Channel } from 'amqplib';

/** Names of the exchanges; a prefix keeps deployments (and test runs) on one broker apart. */
export interface BusNames {
  events: string;
  deadLetter: string;
}

export function busNames(prefix: string): BusNames {
  return { events: `${prefix}.events`, deadLetter: `${prefix}.dead-letter` };
}

export async function assertExchanges(channel: Channel, names: BusNames): Promise<void> {
  await channel.assertExchange(names.events, 'topic', { durable: true });
  await channel.assertExchange(names.deadLetter, 'direct', { durable: true });
}

export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dead-letter`;
}

/**
 * A durable quorum queue bound to the given event types. A message that fails `deliveryLimit`
 * times (or cannot be parsed) moves to `<queue>.dead-letter` instead of blocking the queue.
 */
export async function assertConsumerQueue(
  channel: Channel,
  names: BusNames,
  queue: string,
  routingKeys: string[],
  deliveryLimit: number,
): Promise<void> {
  const deadLetterQueue = deadLetterQueueOf(queue);
  await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetterQueue, names.deadLetter, queue);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': names.deadLetter,
      'x-dead-letter-routing-key': queue,
    },
  });
  for (const key of routingKeys) await channel.bindQueue(queue, names.events, key);
}
