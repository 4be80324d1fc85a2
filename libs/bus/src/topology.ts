import type { Channel } from 'amqplib';

/** Names of the exchanges and queues of one deployment; the prefix keeps deployments (and test runs) on one broker apart. */
export interface BusNames {
  prefix: string;
  events: string;
  deadLetter: string;
  /** Alternate exchange (and its queue) of the events exchange: what no queue takes lands here, kept and counted. */
  unrouted: string;
}

export function busNames(prefix: string): BusNames {
  return { prefix, events: `${prefix}.events`, deadLetter: `${prefix}.dead-letter`, unrouted: `${prefix}.unrouted` };
}

/** The queue of a consuming service, shared by all its instances. */
export function consumerQueueOf(names: BusNames, consumer: string): string {
  return `${names.prefix}.${consumer}`;
}

export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dead-letter`;
}

/** Thrown by a passive check of something the broker does not have; the channel that asked is closed by then. */
function isNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 404;
}

function isInequivalent(error: unknown): boolean {
  return (error as { code?: number }).code === 406;
}

/**
 * Declares, over channels from `openChannel` (a failed declaration closes its channel), what the
 * bus needs. Queues carry no argument but their type: the delivery limit is applied by the
 * consumer and dead-lettering is done by the consumer with a publisher confirm, so changing those
 * settings never makes a redeclaration fail. A queue or exchange that exists is checked passively
 * and used as it is, whatever arguments an older version gave it.
 */
export class TopologyDeclarer {
  private channel?: Promise<Channel>;
  private lastOperation: Promise<void> = Promise.resolve();

  constructor(
    private readonly openChannel: () => Promise<Channel>,
    private readonly names: BusNames,
    private readonly warn: (message: string) => void,
  ) {}

  async declareExchanges(): Promise<void> {
    const { names } = this;
    await this.use((channel) => channel.assertExchange(names.unrouted, 'fanout', { durable: true }));
    await this.declareQueue(names.unrouted, [{ exchange: names.unrouted, key: '' }]);
    await this.use((channel) => channel.assertExchange(names.deadLetter, 'direct', { durable: true }));
    try {
      await this.use((channel) => channel.assertExchange(names.events, 'topic', { durable: true, alternateExchange: names.unrouted }));
    } catch (error) {
      if (!isInequivalent(error)) throw error;
      await this.use((channel) => channel.checkExchange(names.events));
      this.warn(
        `the exchange ${names.events} exists without the alternate exchange ${names.unrouted}: events no queue takes stay pending in the outbox. ` +
          `Set a policy (rabbitmqctl set_policy ${names.prefix}-unrouted '^${names.events}$' '{"alternate-exchange":"${names.unrouted}"}' --apply-to exchanges) or delete the exchange while the services are stopped.`,
      );
    }
  }

  /** The queue of a consumer, bound to its event types, and its dead-letter queue. */
  async declareConsumerQueue(queue: string, eventTypes: readonly string[]): Promise<void> {
    const { names } = this;
    await this.declareQueue(deadLetterQueueOf(queue), [{ exchange: names.deadLetter, key: queue }]);
    await this.declareQueue(
      queue,
      eventTypes.map((key) => ({ exchange: names.events, key })),
    );
  }

  /** True when the queue exists; a missing one is declared (with its bindings) by the caller. */
  async queueExists(queue: string): Promise<boolean> {
    try {
      await this.use((channel) => channel.checkQueue(queue));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Messages ready in a queue, or undefined when it does not exist. */
  async messageCount(queue: string): Promise<number | undefined> {
    try {
      return (await this.use((channel) => channel.checkQueue(queue))).messageCount;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async close(): Promise<void> {
    const channel = await this.channel?.catch(() => undefined);
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }

  private async declareQueue(queue: string, bindings: Array<{ exchange: string; key: string }>): Promise<void> {
    if (!(await this.queueExists(queue))) {
      await this.use((channel) => channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } }));
    }
    for (const { exchange, key } of bindings) await this.use((channel) => channel.bindQueue(queue, exchange, key));
  }

  /**
   * Runs one operation on the declaring channel, one at a time: a refused operation closes the
   * channel and would take every operation queued behind it down too. The next one opens another.
   */
  private use<T>(operation: (channel: Channel) => Promise<T>): Promise<T> {
    const run = this.lastOperation.then(async () => {
      const opening = this.currentChannel();
      try {
        return await operation(await opening);
      } catch (error) {
        if (this.channel === opening) this.channel = undefined;
        throw error;
      }
    });
    this.lastOperation = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private currentChannel(): Promise<Channel> {
    if (this.channel) return this.channel;
    const opening = this.openChannel().then((channel) => {
      // The broker closes the channel of a refused declaration; the caller sees why through the rejected call.
      channel.on('error', () => undefined);
      channel.on('close', () => {
        if (this.channel === opening) this.channel = undefined;
      });
      return channel;
    });
    opening.catch(() => {
      if (this.channel === opening) this.channel = undefined;
    });
    this.channel = opening;
    return opening;
  }
}
