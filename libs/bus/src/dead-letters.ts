import amqp, { type GetMessage } from 'amqplib';
import { busNames, consumerQueueOf, deadLetterQueueOf } from './topology.js';

/** A message as an operator sees it: what it is, why it is there, and its body. */
export interface KeptMessage {
  messageId?: string;
  type?: string;
  routingKey: string;
  reason?: string;
  error?: string;
  deadLetteredAt?: string;
  body: unknown;
}

export interface KeptMessageSource {
  url: string;
  prefix: string;
}

function describe(message: GetMessage): KeptMessage {
  const headers = message.properties.headers ?? {};
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString());
  } catch {
    body = message.content.toString();
  }
  return {
    messageId: message.properties.messageId,
    type: message.properties.type,
    routingKey: String(headers['x-original-routing-key'] ?? message.fields.routingKey),
    reason: headers['x-dead-letter-reason'],
    error: headers['x-dead-letter-error'],
    deadLetteredAt: headers['x-dead-lettered-at'],
    body,
  };
}

/** The queue of a consumer's dead letters, or of the events no queue took. */
export function keptQueue(prefix: string, consumer: string | 'unrouted'): string {
  const names = busNames(prefix);
  return consumer === 'unrouted' ? names.unrouted : deadLetterQueueOf(consumerQueueOf(names, consumer));
}

/** Reads up to `limit` messages without taking them: they all go back when the channel closes. */
export async function peekKeptMessages(source: KeptMessageSource, consumer: string | 'unrouted', limit = 100): Promise<KeptMessage[]> {
  const connection = await amqp.connect(source.url);
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    const queue = keptQueue(source.prefix, consumer);
    const seen: KeptMessage[] = [];
    while (seen.length < limit) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      seen.push(describe(message));
    }
    return seen;
  } finally {
    await connection.close();
  }
}

/**
 * Sends kept messages again (all, or those whose message id is listed): a dead letter to its
 * consumer's queue only, an unrouted event to the events exchange under its own type. Each is
 * removed only after the broker confirmed the new copy. Returns how many were sent.
 */
export async function replayKeptMessages(
  source: KeptMessageSource,
  consumer: string | 'unrouted',
  options: { messageIds?: string[] } = {},
): Promise<number> {
  const names = busNames(source.prefix);
  const connection = await amqp.connect(source.url);
  try {
    const channel = await connection.createConfirmChannel();
    // A missing queue closes the channel; the caller sees why through the rejected call.
    channel.on('error', () => undefined);
    const queue = keptQueue(source.prefix, consumer);
    // Only what is there now: an event that is still unroutable comes back to the same queue.
    const { messageCount } = await channel.checkQueue(queue);
    // A dead letter goes straight to its consumer's queue: without it the broker would drop the copy.
    if (consumer !== 'unrouted') await channel.checkQueue(consumerQueueOf(names, consumer));
    let replayed = 0;
    for (let i = 0; i < messageCount; i++) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      if (options.messageIds && !options.messageIds.includes(message.properties.messageId)) continue;
      const kept = describe(message);
      const [exchange, routingKey] = consumer === 'unrouted' ? [names.events, kept.routingKey] : ['', consumerQueueOf(names, consumer)];
      channel.publish(exchange, routingKey, message.content, { ...message.properties, persistent: true });
      await channel.waitForConfirms();
      channel.ack(message);
      replayed++;
    }
    // Closing the channel first lets the broker settle the acks; closing the connection at once can requeue them.
    await channel.close();
    return replayed;
  } finally {
    // Messages passed over (not in messageIds) were never acked: closing gives them back.
    await connection.close().catch(() => undefined);
  }
}
