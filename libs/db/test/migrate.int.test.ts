import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { ensureDatabase, migrate, type Migration } from '../src';

describe('database start-up', () => {
  const url = newTestDatabaseUrl('migrate');
  afterAll(() => dropTestDatabases([url]));

  const migrations: Migration[] = [
    { name: 'svc/0001_a', sql: 'CREATE TABLE a (id int PRIMARY KEY)' },
    { name: 'svc/0002_b', sql: 'CREATE TABLE b (id int PRIMARY KEY); INSERT INTO a VALUES (1)' },
  ];

  it('creates the database and applies each migration once, even when instances start together', async () => {
    await Promise.all([ensureDatabase(url), ensureDatabase(url), ensureDatabase(url)]);
    const applied = await Promise.all([migrate(url, migrations), migrate(url, migrations), migrate(url, migrations)]);
    expect(applied.flat().sort()).toEqual(['svc/0001_a', 'svc/0002_b']);
    expect(await queryDatabase(url, 'SELECT id FROM a')).toEqual([{ id: 1 }]);
    expect(await migrate(url, migrations)).toEqual([]);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const edited = [{ ...migrations[0]!, sql: 'CREATE TABLE a (id bigint PRIMARY KEY)' }, migrations[1]!];
    await expect(migrate(url, edited)).rejects.toThrow('migration svc/0001_a was changed after it was applied');
  });

  it('rolls back a failing migration entirely and reports which one failed', async () => {
    const broken = [...migrations, { name: 'svc/0003_broken', sql: 'CREATE TABLE c (id int); SELECT * FROM missing_table' }];
    await expect(migrate(url, broken)).rejects.toThrow(/migration svc\/0003_broken failed: .*missing_table/);
    expect(await queryDatabase(url, "SELECT to_regclass('c') AS c")).toEqual([{ c: null }]);
  });
});
