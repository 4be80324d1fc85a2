import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { consumersOf, eventConsumers, parseEvent, type Envelope, type EventHeader } from '@helpdesk/contracts-schema';
import type { Logger } from '@helpdesk/logging';
import { BrokerLink, type LinkState } from './broker-link.js';
import { busNames, consumerQueueOf, deadLetterQueueOf, TopologyDeclarer, type BusNames } from './topology.js';

export class BusUnavailableError extends Error {}
/** The broker accepted the message but no queue was bound to receive it (and there is no alternate exchange). */
export class UnroutableError extends Error {}

export interface BusOptions {
  url: string;
  /** Prefix of exchange and queue names, e.g. `helpdesk`. */
  prefix: string;
  log: Logger;
  /** Name shown in the broker's connection list. */
  connectionName: string;
  /** Who consumes what; the catalog's declaration unless a test brings its own. */
  consumers?: Readonly<Record<string, readonly string[]>>;
  reconnectDelayMs?: number;
  confirmTimeoutMs?: number;
}

export interface Subscription {
  /** The consuming service: it reads `<prefix>.<consumer>`, bound to the types declared for it. */
  consumer: string;
  /** Failures of the handler itself after which a message is dead-lettered. */
  deliveryLimit: number;
  prefetch: number;
  handle(event: Envelope): Promise<void>;
  /** True for a failure of the infrastructure (its database away): the message is held and retried in process, never counted. */
  isTransient?(error: unknown): boolean;
}

export interface BusStatus {
  publishing: LinkState;
  consuming: LinkState | 'none';
  /** Why the broker blocks a connection (memory or disk alarm), while it does. */
  blocked?: string;
  /** Messages held in process because the infrastructure failed; new ones wait behind them. */
  heldMessages: number;
}

export interface QueueStats {
  /** Messages waiting in this service's queue (consumer lag). */
  waiting?: number;
  /** Messages in this service's dead-letter queue. */
  deadLettered?: number;
  /** Events no queue took, kept in the unrouted queue. */
  unrouted?: number;
}

// Long enough not to hammer a database that is restarting, short enough to resume soon after it is back.
const maxHoldDelayMs = 5_000;
/** How often a handler failed on a message; a requeued copy carries it. */
const handlerFailuresHeader = 'x-handler-failures';
/** How long a look at the broker's queues may take before health and metrics go on without it. */
const queueCheckTimeoutMs = 2_000;

/** A requeued copy arrives through the default exchange: its event type travels in a header. */
function originalRoutingKey(message: ConsumeMessage): string {
  return String(message.properties.headers?.['x-original-routing-key'] ?? message.fields.routingKey);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BusUnavailableError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * RabbitMQ for one service: a publishing connection (confirms, `mandatory`, and a check before each
 * publish that every consumer queue of the event exists) and a consuming connection (a channel per
 * subscription), each re-establishing itself. Every queue follows from the one declaration of who
 * consumes what, declared by every service whatever the start order.
 */
export class Bus {
  readonly names: BusNames;
  private readonly consumers: Readonly<Record<string, readonly string[]>>;
  private readonly publisher: BrokerLink;
  private readonly consumerLink: BrokerLink;
  private publishChannel?: ConfirmChannel;
  private declarer?: TopologyDeclarer;
  private readonly subscriptions: Subscription[] = [];
  private active: Array<{ channel: Channel; tag: string }> = [];
  private readonly returned = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly routeChecks = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private held = 0;
  private started = false;

  constructor(private readonly options: BusOptions) {
    this.names = busNames(options.prefix);
    this.consumers = options.consumers ?? eventConsumers;
    const common = { url: options.url, log: options.log, reconnectDelayMs: options.reconnectDelayMs ?? 1000 };
    this.publisher = new BrokerLink({
      ...common,
      name: `${options.connectionName} (publish)`,
      onOpen: (connection) => this.openPublisher(connection),
      onLost: () => {
        this.publishChannel = undefined;
        this.declarer = undefined;
      },
    });
    this.consumerLink = new BrokerLink({
      ...common,
      name: `${options.connectionName} (consume)`,
      onOpen: (connection) => this.openConsumers(connection),
      onLost: () => {
        this.active = [];
      },
    });
  }

  /** True while events can be published: connected and not blocked by a broker alarm. */
  isConnected(): boolean {
    return this.publishChannel !== undefined && this.publisher.state === 'connected';
  }

  status(): BusStatus {
    const blocked = this.publisher.blockedBecause ?? this.consumerLink.blockedBecause;
    return {
      publishing: this.publisher.state,
      consuming: this.subscriptions.length > 0 ? this.consumerLink.state : 'none',
      ...(blocked ? { blocked } : {}),
      heldMessages: this.held,
    };
  }

  /** Starts connecting; the service runs (and its outbox fills) while the broker is away. */
  start(): void {
    this.started = true;
    this.publisher.start();
    if (this.subscriptions.length > 0) this.consumerLink.start();
  }

  /** Registers a consumer of one of the declared consumers' queues. */
  subscribe(subscription: Subscription): void {
    if (!this.consumers[subscription.consumer]) throw new Error(`no event types are declared for the consumer ${subscription.consumer}`);
    this.subscriptions.push(subscription);
    if (!this.started) return;
    // Subscribing on a running bus: (re)connect the consuming side, which starts every consumer.
    if (this.consumerLink.state === 'stopped') this.consumerLink.start();
    else this.consumerLink.restart();
  }

  async waitUntilConnected(): Promise<void> {
    await this.publisher.waitUntilConnected();
    if (this.subscriptions.length > 0) await this.consumerLink.waitUntilConnected();
  }

  async publish(event: Envelope): Promise<void> {
    await this.publishSerialised(event, JSON.stringify(event));
  }

  /**
   * Publishes an event already serialised (the outbox's stored JSON) as is: its header fills the
   * message properties, and the bytes are not parsed and written again.
   */
  async publishSerialised(header: EventHeader, payload: string): Promise<void> {
    const channel = this.publishChannel;
    if (!channel || !this.isConnected()) throw new BusUnavailableError('not connected to the broker');
    await this.ensureConsumerQueues(header.type);
    await this.confirmedPublish(channel, this.names.events, header.type, Buffer.from(payload), {
      messageId: header.id,
      type: header.type,
      timestamp: Math.floor(Date.parse(header.occurredAt) / 1000),
      correlationId: header.correlationId,
      headers: { 'x-event-version': header.version },
    });
  }

  /** Depths of this service's queue, its dead-letter queue and the unrouted queue, as the broker counts them now. */
  async queueStats(consumer?: string): Promise<QueueStats> {
    const declarer = this.declarer;
    // A blocked connection does not read what the broker sends: asking would hang.
    if (!declarer || this.publisher.state !== 'connected') return {};
    const queue = consumer ? consumerQueueOf(this.names, consumer) : undefined;
    const [waiting, deadLettered, unrouted] = await withTimeout(
      Promise.all([
        queue ? declarer.messageCount(queue) : undefined,
        queue ? declarer.messageCount(deadLetterQueueOf(queue)) : undefined,
        declarer.messageCount(this.names.unrouted),
      ]),
      queueCheckTimeoutMs,
      'counting the queues',
    );
    return { waiting, deadLettered, unrouted };
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    for (const consumer of this.active) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    // Closing each channel before the connection lets the broker settle the last acks (else it may requeue them).
    for (const consumer of this.active) await consumer.channel.close().catch(() => undefined);
    await this.consumerLink.stop();
    await this.declarer?.close();
    await this.publisher.stop();
  }

  private async openPublisher(connection: ChannelModel): Promise<void> {
    const channel = await connection.createConfirmChannel();
    channel.on('return', (message: ConsumeMessage) => {
      if (message.properties.messageId) this.returned.add(message.properties.messageId);
    });
    channel.on('error', (err: Error) => this.options.log.warn({ err }, 'publish channel error'));
    channel.on('close', () => void connection.close().catch(() => undefined));
    const declarer = new TopologyDeclarer(() => connection.createChannel(), this.names, (message) => this.options.log.warn(message));
    await declarer.declareExchanges();
    for (const [consumer, types] of Object.entries(this.consumers)) {
      await declarer.declareConsumerQueue(consumerQueueOf(this.names, consumer), types);
    }
    this.declarer = declarer;
    this.publishChannel = channel;
  }

  private async openConsumers(connection: ChannelModel): Promise<void> {
    const declarer = new TopologyDeclarer(() => connection.createChannel(), this.names, () => undefined);
    try {
      await declarer.declareExchanges();
      for (const subscription of this.subscriptions) {
        await declarer.declareConsumerQueue(consumerQueueOf(this.names, subscription.consumer), this.consumers[subscription.consumer]!);
      }
    } finally {
      await declarer.close();
    }
    for (const subscription of this.subscriptions) await this.startConsumer(connection, subscription);
  }

  /**
   * `mandatory` only proves that one queue took an event: before publishing, make sure every
   * declared consumer's queue exists (one deleted while its service was down is declared again).
   * Concurrent publishes of one type share the check.
   */
  private ensureConsumerQueues(type: string): Promise<void> {
    let check = this.routeChecks.get(type);
    if (!check) {
      check = withTimeout((async () => {
        const declarer = this.declarer;
        if (!declarer) throw new BusUnavailableError('not connected to the broker');
        for (const consumer of consumersOf(type, this.consumers)) {
          const queue = consumerQueueOf(this.names, consumer);
          if (await declarer.queueExists(queue)) continue;
          this.options.log.warn({ queue }, 'a consumer queue was missing; declared it again');
          await declarer.declareConsumerQueue(queue, this.consumers[consumer]!);
        }
      })(), queueCheckTimeoutMs, 'checking the consumer queues').finally(() => this.routeChecks.delete(type));
      this.routeChecks.set(type, check);
    }
    return check;
  }

  private confirmedPublish(
    channel: ConfirmChannel,
    exchange: string,
    routingKey: string,
    content: Buffer,
    properties: { messageId: string; headers: Record<string, unknown> } & Record<string, unknown>,
  ): Promise<void> {
    const timeoutMs = this.options.confirmTimeoutMs ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BusUnavailableError(`no confirm within ${timeoutMs} ms`)), timeoutMs);
      channel.publish(
        exchange,
        routingKey,
        content,
        { persistent: true, mandatory: true, contentType: 'application/json', ...properties },
        (error) => {
          clearTimeout(timer);
          // RabbitMQ sends basic.return before the ack of the same message, so the set is complete here.
          const wasReturned = this.returned.delete(properties.messageId);
          if (error) reject(new BusUnavailableError(`broker did not confirm: ${String(error)}`));
          else if (wasReturned) reject(new UnroutableError(`no queue is bound for ${routingKey}`));
          else resolve();
        },
      );
    });
  }

  private async startConsumer(connection: ChannelModel, subscription: Subscription): Promise<void> {
    const queue = consumerQueueOf(this.names, subscription.consumer);
    const channel = await connection.createChannel();
    // Messages in hand go back to the queue with the channel: whoever holds one stops then.
    const closed = new AbortController();
    channel.on('error', (err: Error) => this.options.log.warn({ err, queue }, 'consumer channel error'));
    // A consumer channel that dies alone would leave the queue unserved: start over with a new connection.
    channel.on('close', () => {
      closed.abort();
      if (!this.stopping.signal.aborted) this.consumerLink.restart();
    });
    await channel.prefetch(subscription.prefetch);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) {
        // The broker cancelled the consumer (its queue was deleted): consume again on a new connection.
        this.options.log.warn({ queue }, 'the broker cancelled the consumer; reconnecting');
        if (!this.stopping.signal.aborted) this.consumerLink.restart();
        return;
      }
      const work = this.deliver(channel, closed.signal, queue, subscription, message);
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
    this.active.push({ channel, tag: consumerTag });
  }

  private async deliver(channel: Channel, channelClosed: AbortSignal, queue: string, subscription: Subscription, message: ConsumeMessage): Promise<void> {
    const log = this.options.log.child({ queue, messageId: message.properties.messageId });
    let event: Envelope;
    try {
      event = parseEvent(message.content);
    } catch (err) {
      log.error({ err }, 'invalid event: dead-lettered');
      await this.deadLetter(channel, queue, message, 'invalid event', err);
      return;
    }
    try {
      const outcome = await this.handleHoldingOnOutage(subscription, event, log, channelClosed);
      if (outcome === 'handled') this.settle(() => channel.ack(message));
      // Stopped (or the channel closed) while holding it: the channel gives it back to the queue.
    } catch (err) {
      // Counted in a header of our own: the broker's x-delivery-count also counts returns of a closed channel.
      const failures = Number(message.properties.headers?.[handlerFailuresHeader] ?? 0) + 1;
      if (failures >= subscription.deliveryLimit) {
        log.error({ err, eventType: event.type, failures }, 'handler failed at every delivery: dead-lettered');
        await this.deadLetter(channel, queue, message, `handler failed ${failures} times`, err);
        return;
      }
      log.warn({ err, eventType: event.type, failures }, 'handler failed; the message goes back to the queue');
      // Back off a little so that a failing message does not spin; the delivery limit ends it.
      await this.sleep(Math.min(2000, 50 * 2 ** failures));
      await this.requeueCounted(channel, queue, message, failures);
    }
  }

  /**
   * Puts a copy carrying the failure count at the back of the queue (confirmed) and acks the
   * original; should that fail, the original goes back as it is.
   */
  private async requeueCounted(channel: Channel, queue: string, message: ConsumeMessage, failures: number): Promise<void> {
    try {
      const publishChannel = this.publishChannel;
      if (!publishChannel) throw new BusUnavailableError('not connected to the broker');
      await this.confirmedPublish(publishChannel, '', queue, message.content, {
        ...message.properties,
        messageId: message.properties.messageId ?? `retry-${Date.now()}-${Math.random()}`,
        headers: { ...message.properties.headers, [handlerFailuresHeader]: failures, 'x-original-routing-key': originalRoutingKey(message) },
      });
      this.settle(() => channel.ack(message));
    } catch {
      this.settle(() => channel.nack(message, false, true));
    }
  }

  /**
   * Runs the handler; while it fails because the infrastructure is away, holds the message and
   * tries again with back-off (prefetch keeps new messages from coming meanwhile). Such failures
   * never count toward the delivery limit.
   */
  private async handleHoldingOnOutage(subscription: Subscription, event: Envelope, log: Logger, channelClosed: AbortSignal): Promise<'handled' | 'stopped'> {
    let delayMs = 250;
    let holding = false;
    try {
      for (;;) {
        try {
          await subscription.handle(event);
          if (holding) log.info({ eventType: event.type }, 'the infrastructure answers again; held message handled');
          return 'handled';
        } catch (err) {
          if (!subscription.isTransient?.(err)) throw err;
          if (!holding) {
            holding = true;
            this.held++;
            log.warn({ err, eventType: event.type }, 'infrastructure unavailable; holding the message and retrying');
          }
        }
        await this.sleep(delayMs, channelClosed);
        if (this.stopping.signal.aborted || channelClosed.aborted) return 'stopped';
        delayMs = Math.min(maxHoldDelayMs, delayMs * 2);
      }
    } finally {
      if (holding) this.held--;
    }
  }

  /**
   * Moves a message to its queue's dead-letter queue: published with a confirm first, acked only
   * then, so a message is never lost between the two (at-least-once dead-lettering).
   */
  private async deadLetter(channel: Channel, queue: string, message: ConsumeMessage, reason: string, error: unknown): Promise<void> {
    const publishChannel = this.publishChannel;
    try {
      if (!publishChannel) throw new BusUnavailableError('not connected to the broker');
      const messageId = message.properties.messageId ?? `dead-${Date.now()}-${Math.random()}`;
      await this.confirmedPublish(publishChannel, this.names.deadLetter, queue, message.content, {
        ...message.properties,
        messageId,
        headers: {
          ...message.properties.headers,
          'x-dead-letter-reason': reason,
          'x-dead-letter-error': String(error instanceof Error ? error.message : error).slice(0, 1000),
          'x-dead-lettered-at': new Date().toISOString(),
          'x-original-routing-key': originalRoutingKey(message),
        },
      });
      this.settle(() => channel.ack(message));
    } catch (err) {
      this.options.log.warn({ err, queue }, 'could not dead-letter a message; it goes back to the queue');
      await this.sleep(1000);
      this.settle(() => channel.nack(message, false, true));
    }
  }

  /** Waits, cut short when the bus stops (or the other signal fires). */
  private sleep(ms: number, other?: AbortSignal): Promise<void> {
    const signals = other ? [this.stopping.signal, other] : [this.stopping.signal];
    if (signals.some((signal) => signal.aborted)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        for (const signal of signals) signal.removeEventListener('abort', done);
        resolve();
      }
      for (const signal of signals) signal.addEventListener('abort', done);
    });
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
