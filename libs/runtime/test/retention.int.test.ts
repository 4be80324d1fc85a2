import pg from 'pg';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { purgeProcessedEvents } from '@helpdesk/idempotent-consumer';
import { purgePublishedOutbox } from '@helpdesk/outbox';
import { dropTestDatabases, newTestDatabaseUrl, pgExecutor } from '@helpdesk/testing';
import { plumbingMigrations, purgeUntilDone } from '../src';

describe('retention', () => {
  const databaseUrl = newTestDatabaseUrl('retention');
  let pool: pg.Pool;

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl, plumbingMigrations());
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  });

  afterAll(async () => {
    await pool.end();
    await dropTestDatabases([databaseUrl]);
  });

  const executor = () => pgExecutor(pool);

  it('deletes every old row in batches, shared by two instances running at once, and keeps pending and recent ones', async () => {
    await pool.query(`INSERT INTO outbox (event_id, event_type, payload, published_at)
      SELECT gen_random_uuid(), 'ticket.created', '{}', now() - interval '10 days' FROM generate_series(1, 12000)`);
    await pool.query(`INSERT INTO outbox (event_id, event_type, payload, published_at) VALUES
      (gen_random_uuid(), 'ticket.created', '{}', now() - interval '1 hour'), (gen_random_uuid(), 'ticket.created', '{}', NULL)`);
    await pool.query(`INSERT INTO processed_events (consumer, event_id, processed_at)
      SELECT 'notifier', gen_random_uuid(), now() - interval '40 days' FROM generate_series(1, 7000)`);
    await pool.query(`INSERT INTO processed_events (consumer, event_id) VALUES ('notifier', gen_random_uuid())`);

    const purgeAll = () =>
      Promise.all([
        purgeUntilDone((n) => purgePublishedOutbox(executor(), 168, n), 1000),
        purgeUntilDone((n) => purgeProcessedEvents(executor(), 720, n), 1000),
      ]);
    const [first, second] = await Promise.all([purgeAll(), purgeAll()]);

    expect(first[0] + second[0]).toBe(12000);
    expect(first[1] + second[1]).toBe(7000);
    const left = await pool.query<{ published: boolean }>('SELECT published_at IS NOT NULL AS published FROM outbox ORDER BY id');
    expect(left.rows).toEqual([{ published: true }, { published: false }]);
    expect((await pool.query('SELECT count(*)::int AS n FROM processed_events')).rows[0].n).toBe(1);
  });

  it('reads an old row through the age index, not a scan of the table', async () => {
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await pgExecutor(client).$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
        `EXPLAIN SELECT id FROM outbox WHERE published_at < now() - interval '168 hours' ORDER BY published_at LIMIT 1000`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('outbox_published');
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
