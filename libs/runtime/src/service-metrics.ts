import type { Bus } from '@helpdesk/bus';
import type { SqlExecutor } from '@helpdesk/db';
import { Gauge, type Registry } from '@helpdesk/http';

/** A gauge read when Prometheus scrapes; a source that fails leaves it out of that scrape instead of failing the scrape. */
export function scrapedGauge(registry: Registry, name: string, help: string, collect: (set: (value: number) => void) => Promise<void>): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.reset();
      await collect((value) => this.set(value)).catch(() => undefined);
    },
  });
}

/**
 * One call of `read` shared by every gauge that asks during the same scrape: calls that overlap it
 * get its promise, the next scrape reads again.
 */
export function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let reading: Promise<T> | undefined;
  return () =>
    (reading ??= read().finally(() => {
      setTimeout(() => (reading = undefined), 0);
    }));
}

interface Sources {
  db: { client: SqlExecutor };
  bus: Bus;
  /** The service's consumer name when it consumes events. */
  consumer?: string;
}

/**
 * The plumbing's gauges, read when Prometheus scrapes: the outbox backlog, the broker connections,
 * and the queues as the broker counts them (this service's lag and dead letters, the unrouted events).
 */
export function registerServiceMetrics(registry: Registry, { db, bus, consumer }: Sources): void {
  const gauge = (name: string, help: string, collect: (set: (value: number) => void) => Promise<void>) => scrapedGauge(registry, name, help, collect);

  // Both outbox gauges come from one query per scrape.
  const readOutbox = oncePerScrape(async () => {
    const rows = await db.client.$queryRawUnsafe<Array<{ pending: number; oldest: number }>>(
      `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM outbox WHERE published_at IS NULL`,
    );
    return rows[0]!;
  });
  gauge('outbox_pending_events', 'Events recorded and not yet published', async (set) => set((await readOutbox()).pending));
  gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest event not yet published', async (set) => set((await readOutbox()).oldest));

  new Gauge({
    name: 'bus_connection_up',
    help: '1 when the connection is open and not blocked, 0 otherwise',
    labelNames: ['connection'],
    registers: [registry],
    collect() {
      const status = bus.status();
      this.set({ connection: 'publish' }, status.publishing === 'connected' ? 1 : 0);
      if (status.consuming !== 'none') this.set({ connection: 'consume' }, status.consuming === 'connected' ? 1 : 0);
    },
  });
  gauge('bus_held_messages', 'Messages held in process because the database (or another server) is away', async (set) => set(bus.status().heldMessages));

  const readQueues = oncePerScrape(() => bus.queueStats(consumer));
  const queueGauge = (name: string, help: string, pick: (stats: Awaited<ReturnType<Bus['queueStats']>>) => number | undefined) =>
    gauge(name, help, async (set) => {
      const value = pick(await readQueues());
      if (value !== undefined) set(value);
    });
  if (consumer) {
    queueGauge('bus_consumer_lag_messages', "Messages waiting in this service's queue", (stats) => stats.waiting);
    queueGauge('bus_dead_lettered_messages', "Messages in this service's dead-letter queue", (stats) => stats.deadLettered);
  }
  queueGauge('bus_unrouted_messages', 'Events no queue took, kept in the unrouted queue', (stats) => stats.unrouted);
}
