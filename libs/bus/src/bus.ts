import amqp, { type ChannelModel, type ConfirmChannel, type Channel, type ConsumeMessage } from 'amqplib';
import { parseEvent, type Envelope } from '@helpdesk/contracts-schema';
import type { Logger } from '@helpdesk/logging';
import { assertConsumerQueue, assertExchanges, busNames, type BusNames } from './topology.js';

export class BusUnavailableError extends Error {}
/** The broker accepted the message but no queue was bound to receive it. */
export class UnroutableError extends Error {}

export interface BusOptions {
  url: string;
  /** Prefix of exchange names, e.g. `helpdesk`. */
  prefix: string;
  log: Logger;
  /** Name shown in the broker's connection list. */
  connectionName: string;
  reconnectDelayMs?: number;
  confirmTimeoutMs?: number;
}

export interface Subscription {
  queue: string;
  /** Event types to bind; the handler sees only those, each validated against the catalog. */
  eventTypes: string[];
  deliveryLimit: number;
  prefetch: number;
  handle(event: Envelope): Promise<void>;
}

interface ActiveConsumer {
  channel: Channel;
  tag: string;
}

/**
 * One connection to RabbitMQ that re-establishes itself, with a confirm channel for publishing
 * and one channel per subscription. Publishing resolves only once the broker confirmed the message
 * and routed it to at least one queue.
 */
export class Bus {
  readonly names: BusNames;
  private connection?: ChannelModel;
  private publishChannel?: ConfirmChannel;
  private readonly subscriptions: Subscription[] = [];
  private active: ActiveConsumer[] = [];
  private readonly returned = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private reconnectTimer?: NodeJS.Timeout;
  private connecting?: Promise<void>;
  private readonly connectedWaiters: Array<() => void> = [];

  constructor(private readonly options: BusOptions) {
    this.names = busNames(options.prefix);
  }

  isConnected(): boolean {
    return this.publishChannel !== undefined;
  }

  /** Starts connecting; the service runs (and its outbox fills) while the broker is away. */
  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async subscribe(subscription: Subscription): Promise<void> {
    this.subscriptions.push(subscription);
    if (this.connection) await this.startConsumer(this.connection, subscription);
  }

  waitUntilConnected(): Promise<void> {
    if (this.isConnected()) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  async publish(event: Envelope): Promise<void> {
    const channel = this.publishChannel;
    if (!channel) throw new BusUnavailableError('not connected to the broker');
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BusUnavailableError(`no confirm within ${timeoutMs} ms`)), timeoutMs);
      channel.publish(
        this.names.events,
        event.type,
        Buffer.from(JSON.stringify(event)),
        {
          persistent: true,
          mandatory: true,
          messageId: event.id,
          type: event.type,
          contentType: 'application/json',
          timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
          correlationId: event.correlationId,
          headers: { 'x-event-version': event.version },
        },
        (error) => {
          clearTimeout(timer);
          // RabbitMQ sends basic.return before the ack of the same message, so the set is complete here.
          const wasReturned = this.returned.delete(event.id);
          if (error) reject(new BusUnavailableError(`broker did not confirm: ${String(error)}`));
          else if (wasReturned) reject(new UnroutableError(`no queue is bound for ${event.type}`));
          else resolve();
        },
      );
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting?.catch(() => undefined);
    for (const consumer of this.active) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    const connection = this.connection;
    this.connection = undefined;
    this.publishChannel = undefined;
    await connection?.close().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting ??= this.openConnection().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openConnection(): Promise<void> {
    const { log } = this.options;
    let connection: ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.options.url, { clientProperties: { connection_name: this.options.connectionName } });
      connection.on('error', (err: Error) => log.warn({ err }, 'broker connection error'));
      connection.on('close', () => this.onConnectionLost(connection!));
      const channel = await connection.createConfirmChannel();
      channel.on('return', (message: ConsumeMessage) => {
        if (message.properties.messageId) this.returned.add(message.properties.messageId);
      });
      channel.on('error', (err: Error) => log.warn({ err }, 'publish channel error'));
      channel.on('close', () => void connection?.close().catch(() => undefined));
      await assertExchanges(channel, this.names);
      this.connection = connection;
      for (const subscription of this.subscriptions) await this.startConsumer(connection, subscription);
      if (this.stopped) {
        await connection.close().catch(() => undefined);
        return;
      }
      this.publishChannel = channel;
      log.info('connected to the broker');
      this.connectedWaiters.splice(0).forEach((resolve) => resolve());
    } catch (err) {
      log.warn({ err }, 'cannot reach the broker; retrying');
      await connection?.close().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private onConnectionLost(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.publishChannel = undefined;
    this.active = [];
    if (this.stopped) return;
    this.options.log.warn('lost the broker connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect(), this.options.reconnectDelayMs ?? 1000);
  }

  private async startConsumer(connection: ChannelModel, subscription: Subscription): Promise<void> {
    const channel = await connection.createChannel();
    channel.on('error', (err: Error) => this.options.log.warn({ err, queue: subscription.queue }, 'consumer channel error'));
    // A consumer channel that dies alone would leave the queue unserved: start over with a new connection.
    channel.on('close', () => {
      if (!this.stopped) void connection.close().catch(() => undefined);
    });
    await assertConsumerQueue(channel, this.names, subscription.queue, subscription.eventTypes, subscription.deliveryLimit);
    await channel.prefetch(subscription.prefetch);
    const { consumerTag } = await channel.consume(subscription.queue, (message) => {
      if (!message) return;
      const work = this.deliver(channel, subscription, message);
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
    this.active.push({ channel, tag: consumerTag });
  }

  private async deliver(channel: Channel, subscription: Subscription, message: ConsumeMessage): Promise<void> {
    const log = this.options.log.child({ queue: subscription.queue, messageId: message.properties.messageId });
    let event: Envelope;
    try {
      event = parseEvent(message.content);
    } catch (err) {
      log.error({ err }, 'invalid event: dead-lettered');
      this.settle(() => channel.nack(message, false, false));
      return;
    }
    try {
      await subscription.handle(event);
      this.settle(() => channel.ack(message));
    } catch (err) {
      const deliveries = Number(message.properties.headers?.['x-delivery-count'] ?? 0) + 1;
      log.warn({ err, eventType: event.type, deliveries }, 'handler failed; the message goes back to the queue');
      // Back off a little so that a failing message does not spin; the quorum queue's delivery limit ends it.
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** deliveries)));
      this.settle(() => channel.nack(message, false, true));
    }
  }

  /** Acks on a channel that has since closed fail; the broker redelivers, and handlers are idempotent. */
  private settle(action: () => void): void {
    try {
      action();
    } catch (err) {
      this.options.log.warn({ err }, 'could not settle a message; it will be redelivered');
    }
  }
}
