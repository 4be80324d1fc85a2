import { testEnvironment } from '@helpdesk/testing';
import { openDatabase } from '../src/persistence/client';

/**
 * The notifier's two pools: the hot path's named statements planned once per connection, everything
 * else (the email log's search above all) planned with its values, as PostgreSQL does by default.
 */
describe("the notifier's pools", () => {
  const db = openDatabase(testEnvironment.databaseUrl);
  afterAll(() => db.disconnect());

  const planCacheMode = async (pool: typeof db.pool) => (await pool.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]!.plan_cache_mode;

  // A generic plan of the email log's `ILIKE $1` scans the whole trigram index (2,000 times slower on 200k
  // emails than a plan for the text): only the hot path's named statements may be planned once.
  test('the service pool plans each statement with its values; the hot path pool once per connection', async () => {
    expect(await planCacheMode(db.pool)).toBe('auto');
    expect(await planCacheMode(db.plannedOncePool)).toBe('force_generic_plan');
  });
});
