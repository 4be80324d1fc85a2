import path from 'node:path';
import pg from 'pg';
import { contactLoginEnabledV1, createEvent, ticketCreatedV1, type Envelope, type EventHeader } from '@helpdesk/contracts-schema';
import { Bus } from '@helpdesk/bus';
import { createPool, ensureDatabase, loadMigrations, migrate, pgServiceDatabase, type SqlExecutor } from '@helpdesk/db';
import { handleOnce, processedEventsMigrationsDir } from '@helpdesk/idempotent-consumer';
import { createLogger } from '@helpdesk/logging';
import { runService, type BaseConfig, type RunningService, type ServiceDatabase } from '@helpdesk/runtime';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  pgExecutor,
  pgTransactions,
  testEnvironment,
  testKeys,
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
  const services: Array<RunningService<BaseConfig, ServiceDatabase<SqlExecutor>>> = [];

  function newRelay(publish: (header: EventHeader, payload: string) => Promise<void> = (header, payload) => bus.publishSerialised(header, payload)) {
    const relay = new OutboxRelay({ pool, publish, log, pollIntervalMs: 50 });
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

  /**
   * A service on this database, run by libs/runtime as every service is: its transactions go through
   * libs/db's pg ServiceDatabase (no Prisma schema to generate here), its relay publishes on its pool.
   */
  async function startService(pollMs: number) {
    const config: BaseConfig = {
      HOST: '127.0.0.1',
      PORT: 0,
      INTERNAL_HOST: '127.0.0.1',
      INTERNAL_PORT: 0,
      DATABASE_URL: databaseUrl,
      AMQP_URL: testEnvironment.amqpUrl,
      BUS_PREFIX: prefix,
      BUS_DELIVERY_LIMIT: 5,
      SERVICE_PUBLIC_KEYS: testKeys.publicKeys,
      OUTBOX_POLL_MS: pollMs,
      OUTBOX_RETENTION_HOURS: 168,
      PROCESSED_EVENTS_RETENTION_HOURS: 720,
      LOG_LEVEL: 'silent',
    };
    const service = await runService<BaseConfig, SqlExecutor, ServiceDatabase<SqlExecutor>>(
      {
        name: 'relay-test-service',
        migrationsDir: path.join(__dirname, 'none'),
        openDatabase: () => pgServiceDatabase(createPool(databaseUrl, 2)),
        mountRoutes: () => undefined,
      },
      config,
      { log },
    );
    services.push(service);
    await service.bus.waitUntilConnected();
    return service;
  }

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
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
    expect(await relay.publishBatch()).toEqual({ claimed: 1, published: 1 });
    expect(await pending()).toBe(0);
    await waitFor(async () => (await bus.queueStats()).unrouted === 1, { what: 'the event in the unrouted queue' });
  });

  it('backs off a row the broker refused without holding back the rows behind it', async () => {
    const refused = ticketCreated('refused');
    const behind = ticketCreated('behind the refused one');
    const relay = newRelay(async (header, payload) => {
      if (header.id === refused.id) throw new Error('broker did not confirm: nack');
      await bus.publishSerialised(header, payload);
    });
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      await addEvents([refused, behind]);
      // Both rows are marked by the batch's one statement: one published, one backing off.
      expect(await relay.publishBatch()).toEqual({ claimed: 2, published: 1 });
      const [row] = (await pool.query('SELECT published_at, attempts, last_error, next_attempt_at > now() AS waits FROM outbox WHERE event_id = $1', [refused.id])).rows;
      expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: expect.stringContaining('nack'), waits: true });
      // It waits before its next try rather than spinning.
      expect(await relay.publishBatch()).toEqual({ claimed: 0, published: 0 });
      await waitFor(() => watcher.received.length === 1, { what: 'the newer event' });
      // The stored JSON went out as it is: the whole event.
      expect(watcher.received[0]).toEqual(behind);
      const published = (await pool.query('SELECT published_at IS NOT NULL AS published, attempts, last_error FROM outbox WHERE event_id = $1', [behind.id])).rows[0];
      expect(published).toEqual({ published: true, attempts: 1, last_error: null });
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
      // Counted once handled: a delivery still in its transaction has not applied anything yet.
      handle: async (event) => {
        await handleOnce(pgTransactions(pool), 'applier', event, async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO applied (event_id) VALUES ($1::uuid)', event.id);
        });
        deliveries.push(event.id);
      },
    });
    const event = ticketCreated('confirmed then crashed');
    await addEvents([event]);

    // The broker confirms, then the relay's database session dies before its UPDATE: as a crash would.
    const crashing = newRelay(async (header, payload) => {
      await bus.publishSerialised(header, payload);
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
    await waitFor(() => deliveries.filter((id) => id === event.id).length === 2, { what: 'the second delivery handled' });
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

  it('publishes an event as soon as the service that recorded it commits, without a trigger and long before its next poll', async () => {
    const service = await startService(60_000);
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      const event = ticketCreated('recorded by the service');
      await service.db.transaction((tx) => addToOutbox(tx, event));
      // A minute before the next poll: only the wake after the commit can have published it.
      await waitFor(() => watcher.received.some((e) => e.id === event.id), { what: 'the event published after the commit' });
      await waitFor(async () => (await pending()) === 0, { what: 'the row marked published' });
      expect((await pool.query("SELECT count(*)::int AS n FROM pg_trigger WHERE tgrelid = 'outbox'::regclass AND NOT tgisinternal")).rows[0].n).toBe(0);
    } finally {
      await watcher.close();
    }
  });

  it('publishes by polling the rows another instance committed', async () => {
    await startService(100);
    const watcher = await watchEvents(prefix, ['ticket.created']);
    try {
      // Committed outside this service (as by an instance that stopped before publishing): nothing wakes its relay.
      const events = [ticketCreated('committed elsewhere 1'), ticketCreated('committed elsewhere 2')];
      await addEvents(events);
      await waitFor(() => events.every((event) => watcher.received.some((e) => e.id === event.id)), { what: 'both events, found by polling' });
      await waitFor(async () => (await pending()) === 0, { what: 'the rows marked published' });
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
