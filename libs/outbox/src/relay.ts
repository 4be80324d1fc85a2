import pg from 'pg';
import type { Envelope } from '@helpdesk/contracts-schema';
import type { Logger } from '@helpdesk/logging';

export interface RelayOptions {
  databaseUrl: string;
  /** Publishes one event and resolves only when the broker confirmed and routed it. */
  publish(event: Envelope): Promise<void>;
  /** False while there is no broker connection: the relay waits instead of failing every row. */
  canPublish?(): boolean;
  log: Logger;
  pollIntervalMs: number;
  batchSize?: number;
}

interface OutboxRow {
  id: string;
  payload: Envelope;
}

/**
 * Publishes outbox rows. Each batch is claimed with `FOR UPDATE SKIP LOCKED` in a transaction held
 * until the broker confirms, so several relays (one per instance) never publish the same row at
 * once. A row is marked published only after its confirm; a relay that dies before that leaves
 * the row for the next claim, and consumers drop the duplicate by event id.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private wakeRequested = false;
  private listener?: pg.Client;

  constructor(private readonly options: RelayOptions) {
    this.pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
    this.pool.on('error', (err) => options.log.warn({ err }, 'outbox relay connection error'));
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  /** Skips the rest of the wait: something was just written. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /** Claims and publishes one batch; returns how many rows were published. */
  async publishBatch(): Promise<number> {
    this.wakeRequested = false;
    const client = await this.pool.connect();
    // A session that dies mid-batch rejects the running query; the error event itself needs no more.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, payload FROM outbox WHERE published_at IS NULL AND next_attempt_at <= now()
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 100],
      );
      const results = await Promise.allSettled(rows.map((row) => this.options.publish(row.payload)));
      const published = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((row) => row.id);
      const failed = rows.flatMap((row, i) => {
        const result = results[i]!;
        if (result.status === 'fulfilled') return [];
        return [{ id: row.id, error: String(result.reason) }];
      });
      if (published.length > 0) {
        await client.query('UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])', [published]);
      }
      for (const { id, error } of failed) {
        // 1 s, doubling, at most a minute, so that a refused row never holds back the rows behind it.
        await client.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
             next_attempt_at = now() + least(interval '60 seconds', interval '1 second' * power(2, least(attempts, 6)))
           WHERE id = $1`,
          [id, error.slice(0, 500)],
        );
      }
      await client.query('COMMIT');
      if (failed.length > 0) this.options.log.warn({ failed: failed.length, reason: failed[0]!.error }, 'some events were not published; they stay pending');
      return published.length;
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.off('error', ignore);
      // A failed session is discarded rather than handed to the next batch.
      client.release(broken);
    }
  }

  /** LISTEN for the outbox trigger's NOTIFY; without it the relay still polls. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on('notification', () => this.wake());
    client.on('error', (err) => {
      this.options.log.warn({ err }, 'outbox listener lost; polling until it is back');
      if (this.listener === client) this.listener = undefined;
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox_inserted');
      this.listener = client;
    } catch (err) {
      this.options.log.warn({ err }, 'cannot listen for outbox rows; polling');
      await client.end().catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!this.listener) await this.listen();
      let published = 0;
      try {
        if (this.options.canPublish?.() ?? true) published = await this.publishBatch();
      } catch (err) {
        this.options.log.warn({ err }, 'outbox relay pass failed; retrying');
      }
      if (published === 0 && this.running) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
