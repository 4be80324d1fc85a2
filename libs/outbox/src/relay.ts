import pg from 'pg';
import type { EventHeader } from '@helpdesk/contracts-schema';
import type { Logger } from '@helpdesk/logging';

export interface RelayOptions {
  /**
   * The service's own pool (one pool per service): a batch holds one of its connections from the
   * claim until the broker's confirms. The pool's idle-in-transaction timeout also bounds how long a
   * claim can outlive a broker that stopped confirming; the rows then go to the next claim.
   */
  pool: pg.Pool;
  /**
   * Publishes one event as stored (its JSON, not parsed again) and resolves only when the broker
   * confirmed and routed it.
   */
  publish(header: EventHeader, payload: string): Promise<void>;
  /** False while there is no broker connection: the relay waits instead of failing every row. */
  canPublish?(): boolean;
  log: Logger;
  /** How long a drained relay waits for rows that no wake() announced (other instances' commits, retries). */
  pollIntervalMs: number;
  batchSize?: number;
}

interface OutboxRow extends EventHeader {
  row_id: string;
  payload: string;
}

/**
 * Publishes outbox rows. Each batch is claimed with `FOR UPDATE SKIP LOCKED` in a transaction held
 * until the broker confirms, so several relays (one per instance) never publish the same row at
 * once. A row is marked published only after its confirm; a relay that dies before that leaves
 * the row for the next claim, and consumers drop the duplicate by event id.
 *
 * The committing process calls wake() after its commit; rows committed elsewhere (another instance
 * that stopped before publishing them) and rows due for a retry are found by polling.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private wakeRequested = false;

  constructor(private readonly options: RelayOptions) {
    this.batchSize = options.batchSize ?? 100;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Skips the rest of the wait: something was just committed. Cheap enough to call after every commit. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Claims and publishes one batch; says how many rows it claimed and how many of them the broker took. */
  async publishBatch(): Promise<{ claimed: number; published: number }> {
    this.wakeRequested = false;
    const client = await this.options.pool.connect();
    // A session that dies mid-batch rejects the running query; the error event itself needs no more.
    const ignore = () => undefined;
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Claims the ids alone, then reads their events: a backlog is then sorted by id in memory
      // rather than with every payload, on disk. The stored JSON goes out as text, not parsed.
      const { rows } = await client.query<OutboxRow>(
        `WITH claimed AS (
           SELECT id FROM outbox WHERE published_at IS NULL AND next_attempt_at <= now()
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         SELECT o.id AS row_id, o.event_id AS id, o.event_type AS type, (o.payload->>'version')::int AS version,
                o.payload->>'correlationId' AS "correlationId", o.payload->>'occurredAt' AS "occurredAt", o.payload::text AS payload
         FROM claimed JOIN outbox o ON o.id = claimed.id ORDER BY o.id`,
        [this.batchSize],
      );
      const results = await Promise.allSettled(rows.map(({ row_id, payload, ...header }) => this.options.publish(header, payload)));
      // null marks a published row; a failed one carries its error (truncated) and backs off.
      const errors = results.map((result) => (result.status === 'fulfilled' ? null : String(result.reason).slice(0, 500)));
      if (rows.length > 0) {
        // One statement for the whole batch. A refused row waits 1 s, doubling, at most a minute,
        // so that it never holds back the rows behind it.
        await client.query(
          `UPDATE outbox SET attempts = outbox.attempts + 1,
             published_at = CASE WHEN marks.error IS NULL THEN now() END,
             last_error = coalesce(marks.error, outbox.last_error),
             next_attempt_at = CASE WHEN marks.error IS NULL THEN outbox.next_attempt_at
               ELSE now() + least(interval '60 seconds', interval '1 second' * power(2, least(outbox.attempts, 6))) END
           FROM unnest($1::bigint[], $2::text[]) AS marks(id, error)
           WHERE outbox.id = marks.id`,
          [rows.map((row) => row.row_id), errors],
        );
      }
      await client.query('COMMIT');
      const failed = errors.filter((error) => error !== null);
      if (failed.length > 0) this.options.log.warn({ failed: failed.length, reason: failed[0] }, 'some events were not published; they stay pending');
      return { claimed: rows.length, published: rows.length - failed.length };
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

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      let published = 0;
      try {
        if (this.options.canPublish?.() ?? true) ({ claimed, published } = await this.publishBatch());
      } catch (err) {
        this.options.log.warn({ err }, 'outbox relay pass failed; retrying');
      }
      // A short batch means the outbox is drained (or the rest waits for its retry): no empty pass after it.
      // A full batch the broker refused entirely waits too, rather than running through the whole backlog at once.
      if ((claimed < this.batchSize || published === 0) && this.running) await this.sleep(this.options.pollIntervalMs);
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
