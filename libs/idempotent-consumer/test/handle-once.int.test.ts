import pg from 'pg';
import { createEvent, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { ensureDatabase, loadMigrations, migrate } from '@helpdesk/db';
import { dropTestDatabases, newTestDatabaseUrl, pgTransactions } from '@helpdesk/testing';
import { handleOnce, processedEventsMigrationsDir, purgeProcessedEvents } from '../src';

describe('handleOnce', () => {
  const url = newTestDatabaseUrl('handle_once');
  let pool: pg.Pool;
  const event = () => createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, ticketCreatedV1.example, { producer: 'tickets', correlationId: 'c' });
  const effects = async () => (await pool.query('SELECT count(*)::int AS n FROM effects')).rows[0].n;

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(url, loadMigrations('idempotent-consumer', processedEventsMigrationsDir));
    pool = new pg.Pool({ connectionString: url, max: 6 });
    await pool.query('CREATE TABLE effects (event_id uuid)');
  });
  afterAll(async () => {
    await pool.end();
    await dropTestDatabases([url]);
  });

  const applyEffect = (id: string) => async (tx: import('@helpdesk/db').SqlExecutor) => {
    await tx.$executeRawUnsafe('INSERT INTO effects VALUES ($1::uuid)', id);
  };

  it('applies concurrent deliveries of one event once, and a second consumer applies it too', async () => {
    const e = event();
    const results = await Promise.all(Array.from({ length: 5 }, () => handleOnce(pgTransactions(pool), 'consumer-a', e, applyEffect(e.id))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await handleOnce(pgTransactions(pool), 'consumer-b', e, applyEffect(e.id))).toBe(true);
    expect((await pool.query('SELECT count(*)::int AS n FROM effects WHERE event_id = $1', [e.id])).rows[0].n).toBe(2);
  });

  it('forgets records past the retention, and keeps recent ones', async () => {
    const [old, recent] = [event(), event()];
    await handleOnce(pgTransactions(pool), 'retention', old, applyEffect(old.id));
    await handleOnce(pgTransactions(pool), 'retention', recent, applyEffect(recent.id));
    await pool.query("UPDATE processed_events SET processed_at = now() - interval '31 days' WHERE event_id = $1", [old.id]);
    expect(await pgTransactions(pool)((tx) => purgeProcessedEvents(tx, 720, 100))).toBe(1);
    const left = await pool.query("SELECT event_id FROM processed_events WHERE consumer = 'retention'");
    expect(left.rows).toEqual([{ event_id: recent.id }]);
  });

  it('forgets the event when the effect fails, so that the redelivery applies it', async () => {
    const e = event();
    const before = await effects();
    await expect(
      handleOnce(pgTransactions(pool), 'consumer-a', e, async (tx) => {
        await applyEffect(e.id)(tx);
        throw new Error('downstream failure');
      }),
    ).rejects.toThrow('downstream failure');
    expect(await effects()).toBe(before);
    expect(await handleOnce(pgTransactions(pool), 'consumer-a', e, applyEffect(e.id))).toBe(true);
    expect(await effects()).toBe(before + 1);
  });
});
