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
    bus = new Bus({ url: testEnvironment.amqpUrl, prefix, log, connectionName: 'relay-test', consumers: { applier: ['ticket.created'] } });
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

  it('publishes an event no queue takes into the unrouted queue, kept and counted, not retried', async () => {
    const relay = newRelay();
    const nobodyListens = createEvent(contactLoginEnabledV1, { id: contactLoginEnabledV1.example.contactId, version: 2 }, contactLoginEnabledV1.example, { producer: 'customers', correlationId: 'relay-test' });
    await addEvents([nobodyListens]);
    expect(await relay.publishBatch()).toBe(1);
    expect(await pending()).toBe(0);
    await waitFor(async () => (await bus.queueStats()).unrouted === 1, { what: 'the event in the unrouted queue' });
  });

  it('backs off a row the broker refused without holding back the rows behind it', async () => {
    const refused = ticketCreated('refused');
    const relay = newRelay(async (event) => {
      if (event.id === refused.id) throw new Error('broker did not confirm: nack');
      await bus.publish(event);
    });
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      await addEvents([refused, ticketCreated('behind the refused one')]);
      expect(await relay.publishBatch()).toBe(1);
      const [row] = (await pool.query('SELECT published_at, attempts, last_error, next_attempt_at > now() AS waits FROM outbox WHERE event_id = $1', [refused.id])).rows;
      expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: expect.stringContaining('nack'), waits: true });
      // It waits before its next try rather than spinning.
      expect(await relay.publishBatch()).toBe(0);
      await waitFor(() => watcher.received.length === 1, { what: 'the newer event' });
    } finally {
      await watcher.close();
    }
  });

  it('redelivers an event whose relay died between the broker confirm and marking it sent, and the consumer applies it once', async () => {
    const deliveries: string[] = [];
    bus.subscribe({
      consumer: 'applier',
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
    // The applier's queue also holds what earlier tests published: look at this event's deliveries only.
    await waitFor(() => deliveries.filter((id) => id === event.id).length === 2, { what: 'the second delivery' });
    expect((await pool.query('SELECT event_id FROM applied WHERE event_id = $1', [event.id])).rows).toHaveLength(1);
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
    expect(await pgTransactions(pool)((tx) => purgePublishedOutbox(tx, 168, 100))).toBe(1);
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
