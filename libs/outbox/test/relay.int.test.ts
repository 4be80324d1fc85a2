import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { contactLoginEnabledV1, createEvent, ticketCreatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { Bus } from '@helpdesk/bus';
import { ensureDatabase, loadMigrations, migrate } from '@helpdesk/db';
import { handleOnce, processedEventsMigrationsDir } from '@helpdesk/idempotent-consumer';
import { createLogger } from '@helpdesk/logging';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  pgExecutor,
  pgTransactions,
  testEnvironment,
  waitFor,
  watchEvents,
} from '@helpdesk/testing';
import { OutboxRelay, addToOutbox, outboxMigrationsDir, purgePublishedOutbox } from '../src';

const log = createLogger({ service: 'relay-test', level: 'silent' });

function ticketCreated(subject: string): Envelope {
  return createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, { ...ticketCreatedV1.example, subject }, { producer: 'tickets', correlationId: 'relay-test' });
}

describe('OutboxRelay', () => {
  const prefix = newTestBusPrefix();
  const databaseUrl = newTestDatabaseUrl('relay');
  let pool: pg.Pool;
  let bus: Bus;
  const relays: OutboxRelay[] = [];

  function newRelay(publish: (event: Envelope) => Promise<void> = (event) => bus.publish(event)) {
    const relay = new OutboxRelay({ databaseUrl, publish, log, pollIntervalMs: 50 });
    relays.push(relay);
    return relay;
  }

  async function addEvents(events: Envelope[]) {
    await pgTransactions(pool)(async (tx) => {
      for (const event of events) await addToOutbox(tx, event);
    });
  }

  const pending = async () =>
    (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).rows[0]!.n;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl, [
      ...loadMigrations('outbox', outboxMigrationsDir),
      ...loadMigrations('idempotent-consumer', processedEventsMigrationsDir),
    ]);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    await pool.query('CREATE TABLE applied (event_id uuid NOT NULL)');
    bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'relay-test' });
    bus.start();
    await bus.waitUntilConnected();
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await pool.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await bus.stop();
    await pool.end();
    await dropTestDatabases([databaseUrl]);
    await deleteBusTopology(prefix, [`${prefix}.applier`]);
  });

  it('keeps a publish that no queue receives pending, and sends it once a queue is bound', async () => {
    const relay = newRelay();
    await addEvents([ticketCreated('unroutable')]);
    expect(await relay.publishBatch()).toBe(0);
    const [row] = (await pool.query('SELECT published_at, attempts, last_error FROM outbox')).rows;
    expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: expect.stringContaining('no queue is bound') });

    // It waits before its next try rather than spinning, and does not hold back the rows behind it.
    expect(await relay.publishBatch()).toBe(0);
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      await waitFor(async () => (await relay.publishBatch()) === 1, { what: 'the retry after the back-off', timeoutMs: 5_000, intervalMs: 200 });
      await waitFor(() => watcher.received.length === 1, { what: 'the event' });
      expect(await pending()).toBe(0);
    } finally {
      await watcher.close();
    }
  });

  it('publishes newer events while older ones wait for a queue to be bound', async () => {
    const relay = newRelay();
    const nobodyListens = createEvent(
      contactLoginEnabledV1,
      { id: contactLoginEnabledV1.example.contactId, version: 2 },
      contactLoginEnabledV1.example,
      { producer: 'customers', correlationId: 'relay-test' },
    );
    await addEvents(Array.from({ length: 150 }, () => ({ ...nobodyListens, id: randomUUID() })));
    expect(await relay.publishBatch()).toBe(0);
    expect(await relay.publishBatch()).toBe(0);
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      await addEvents([ticketCreated('behind the unroutable ones')]);
      await waitFor(async () => (await relay.publishBatch()) >= 1, { what: 'the newer event to be published', timeoutMs: 5_000, intervalMs: 100 });
      await waitFor(() => watcher.received.length === 1, { what: 'the newer event' });
      expect(await pending()).toBe(150);
    } finally {
      await watcher.close();
    }
  });

  it('sets aside, without publishing or deleting it, an event that no queue took during the grace period', async () => {
    const relay = newRelay();
    const isUnroutable = (error: unknown) => String(error).includes('no queue is bound');
    const settingAside = new OutboxRelay({ databaseUrl, publish: (event) => bus.publish(event), isUnroutable, unroutableGraceHours: 24, log, pollIntervalMs: 50 });
    relays.push(settingAside);
    const [stale, fresh] = [
      createEvent(contactLoginEnabledV1, { id: contactLoginEnabledV1.example.contactId, version: 2 }, contactLoginEnabledV1.example, { producer: 'customers', correlationId: 'stale' }),
      createEvent(contactLoginEnabledV1, { id: contactLoginEnabledV1.example.contactId, version: 2 }, contactLoginEnabledV1.example, { producer: 'customers', correlationId: 'fresh' }),
    ];
    await addEvents([stale, fresh]);
    await pool.query("UPDATE outbox SET created_at = now() - interval '25 hours' WHERE event_id = $1", [stale.id]);
    expect(await settingAside.publishBatch()).toBe(0);
    const rows = await pool.query('SELECT event_id, published_at, abandoned_at FROM outbox ORDER BY id');
    expect(rows.rows).toEqual([
      { event_id: stale.id, published_at: null, abandoned_at: expect.any(Date) },
      { event_id: fresh.id, published_at: null, abandoned_at: null },
    ]);
    // Set aside means no longer claimed, by any relay.
    await pool.query('UPDATE outbox SET next_attempt_at = now()');
    const claimed = await pool.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND abandoned_at IS NULL AND next_attempt_at <= now()');
    expect(claimed.rows[0].n).toBe(1);
    expect(await relay.publishBatch()).toBe(0);
    expect((await pool.query('SELECT attempts FROM outbox WHERE event_id = $1', [stale.id])).rows[0].attempts).toBe(1);
  });

  it('redelivers an event whose relay died between the broker confirm and marking it sent, and the consumer applies it once', async () => {
    const deliveries: string[] = [];
    await bus.subscribe({
      queue: `${prefix}.applier`,
      eventTypes: ['ticket.created'],
      deliveryLimit: 5,
      prefetch: 8,
      handle: async (event) => {
        deliveries.push(event.id);
        await handleOnce(pgTransactions(pool), 'applier', event, async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO applied (event_id) VALUES ($1::uuid)', event.id);
        });
      },
    });
    const event = ticketCreated('confirmed then crashed');
    await addEvents([event]);

    // The broker confirms, then the relay's database session dies before its UPDATE: as a crash would.
    const crashing = newRelay(async (e) => {
      await bus.publish(e);
      await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%FOR UPDATE SKIP LOCKED%'`,
      );
    });
    await expect(crashing.publishBatch()).rejects.toThrow();
    expect(await pending()).toBe(1);

    await newRelay().start();
    await waitFor(async () => (await pending()) === 0, { what: 'the second relay to publish' });
    await waitFor(() => deliveries.length === 2, { what: 'the second delivery' });
    expect(deliveries).toEqual([event.id, event.id]);
    const applied = await pool.query('SELECT event_id FROM applied');
    expect(applied.rows).toEqual([{ event_id: event.id }]);
  });

  it('lets two relays drain one outbox together without publishing any row twice', async () => {
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      const events = Array.from({ length: 300 }, (_, i) => ticketCreated(`bulk-${i}`));
      await addEvents(events);
      await Promise.all([newRelay().start(), newRelay().start()]);
      await waitFor(() => watcher.received.length >= 300, { what: '300 events', timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = watcher.received.map((e) => e.id);
      expect(ids).toHaveLength(300);
      expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
      expect(await pending()).toBe(0);
    } finally {
      await watcher.close();
    }
  });

  it('purges published rows past the retention, never pending ones nor recent ones', async () => {
    const [old, recent, stillPending] = [ticketCreated('old'), ticketCreated('recent'), ticketCreated('pending')];
    await addEvents([old, recent, stillPending]);
    await pool.query("UPDATE outbox SET published_at = now() - interval '8 days', created_at = now() - interval '8 days' WHERE event_id = $1", [old.id]);
    await pool.query("UPDATE outbox SET published_at = now() - interval '1 hour' WHERE event_id = $1", [recent.id]);
    await pool.query("UPDATE outbox SET created_at = now() - interval '30 days' WHERE event_id = $1", [stillPending.id]);
    expect(await pgTransactions(pool)((tx) => purgePublishedOutbox(tx, 168))).toBe(1);
    const left = await pool.query('SELECT event_id FROM outbox ORDER BY id');
    expect(left.rows.map((row) => row.event_id)).toEqual([recent.id, stillPending.id]);
  });

  it('writes the outbox row in the caller transaction: a rollback leaves no event', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await addToOutbox(pgExecutor(client), ticketCreated('rolled back'));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(0);
  });
});
