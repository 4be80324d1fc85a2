import amqp, { type ChannelModel } from 'amqplib';
import type { Logger } from '@helpdesk/logging';

export type LinkState = 'connecting' | 'connected' | 'blocked' | 'stopped';

export interface BrokerLinkOptions {
  url: string;
  /** Shown in the broker's connection list, e.g. `tickets (publish)`. */
  name: string;
  log: Logger;
  reconnectDelayMs: number;
  /** Sets up channels on a new connection; a failure closes it and the link tries again later. */
  onOpen(connection: ChannelModel): Promise<void>;
  /** The connection is gone (its channels with it). */
  onLost(): void;
}

/**
 * One AMQP connection that re-establishes itself. The bus keeps two (publishing and consuming),
 * so that a broker's memory or disk alarm, which blocks publishers, never stalls the acks that
 * drain the queues. A blocked connection is logged and shown in health.
 */
export class BrokerLink {
  private connection?: ChannelModel;
  private currentState: LinkState = 'stopped';
  private blockedReason?: string;
  private timer?: NodeJS.Timeout;
  private opening?: Promise<void>;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: BrokerLinkOptions) {}

  get state(): LinkState {
    return this.currentState;
  }

  /** Why the broker blocked this connection, while it does. */
  get blockedBecause(): string | undefined {
    return this.blockedReason;
  }

  get open(): ChannelModel | undefined {
    return this.connection;
  }

  start(): void {
    if (this.currentState !== 'stopped') return;
    this.currentState = 'connecting';
    void this.connect();
  }

  waitUntilConnected(): Promise<void> {
    if (this.connection) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops the connection and connects again (a consumer channel that died alone leaves its queue unserved). */
  restart(): void {
    void this.connection?.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.currentState = 'stopped';
    clearTimeout(this.timer);
    await this.opening?.catch(() => undefined);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.opening ??= this.openConnection().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async openConnection(): Promise<void> {
    const { log, name } = this.options;
    let connection: ChannelModel | undefined;
    try {
      connection = await amqp.connect(this.options.url, { clientProperties: { connection_name: name } });
      const opened = connection;
      // A close that comes while the connection is still being set up is seen after the set-up.
      let closedEarly = false;
      opened.on('error', (err: Error) => log.warn({ err, connection: name }, 'broker connection error'));
      opened.on('close', () => {
        closedEarly = true;
        this.onClose(opened);
      });
      opened.on('blocked', (reason: string) => {
        this.blockedReason = reason;
        if (this.connection === opened) this.currentState = 'blocked';
        log.warn({ connection: name, reason }, 'the broker blocked this connection (memory or disk alarm)');
      });
      opened.on('unblocked', () => {
        this.blockedReason = undefined;
        if (this.connection === opened) this.currentState = 'connected';
        log.info({ connection: name }, 'the broker unblocked this connection');
      });
      await this.options.onOpen(opened);
      if (closedEarly) throw new Error('the broker closed the connection while it was being set up');
      if (this.currentState === 'stopped') {
        await opened.close().catch(() => undefined);
        return;
      }
      this.connection = opened;
      this.currentState = this.blockedReason ? 'blocked' : 'connected';
      log.info({ connection: name }, 'connected to the broker');
      this.waiters.splice(0).forEach((resolve) => resolve());
    } catch (err) {
      log.warn({ err, connection: name }, 'cannot reach the broker; retrying');
      await connection?.close().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private onClose(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.blockedReason = undefined;
    this.options.onLost();
    if (this.currentState === 'stopped') return;
    this.currentState = 'connecting';
    this.options.log.warn({ connection: this.options.name }, 'lost the broker connection; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.currentState === 'stopped') return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), this.options.reconnectDelayMs);
  }
}
