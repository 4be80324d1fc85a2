import pg from 'pg';
import { dropTestDatabases, newTestDatabaseUrl } from '@helpdesk/testing';
import { isInfrastructureError } from '@helpdesk/errors';
import { createPool, ensureDatabase, pgServiceDatabase } from '../src';

describe('a service database on pg alone', () => {
  const url = newTestDatabaseUrl('pgdb');
  let admin: pg.Client;

  beforeAll(async () => {
    await ensureDatabase(url);
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE TABLE notes (body text NOT NULL)');
  });
  afterAll(async () => {
    await admin.end();
    await dropTestDatabases([url]);
  });

  it('survives its session being killed mid-transaction: the transaction fails as an outage, the process lives, the next one works', async () => {
    const db = pgServiceDatabase(createPool(url));
    const commits: unknown[] = [];
    db.afterCommit((commit) => commits.push(commit));
    try {
      const failed = await db
        .transaction(async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO notes (body) VALUES ($1)', 'lost with its session');
          const [{ pid }] = await tx.$queryRawUnsafe<Array<{ pid: number }>>('SELECT pg_backend_pid() AS pid');
          await admin.query('SELECT pg_terminate_backend($1)', [pid]);
          await tx.$executeRawUnsafe('INSERT INTO notes (body) VALUES ($1)', 'never');
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(isInfrastructureError(failed)).toBe(true);
      expect(commits).toEqual([]);

      await db.transaction((tx) => tx.$executeRawUnsafe('INSERT INTO notes (body) VALUES ($1)', 'kept'));
      expect(commits).toHaveLength(1);
      expect((await admin.query('SELECT body FROM notes')).rows).toEqual([{ body: 'kept' }]);
    } finally {
      await db.disconnect();
    }
  });

  it('rolls back what a failing transaction did and runs no after-commit hook', async () => {
    const db = pgServiceDatabase(createPool(url));
    const commits: unknown[] = [];
    db.afterCommit((commit) => commits.push(commit));
    try {
      await expect(
        db.transaction(async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO notes (body) VALUES ($1)', 'rolled back');
          throw new Error('the handler failed');
        }),
      ).rejects.toThrow('the handler failed');
      expect(commits).toEqual([]);
      expect((await admin.query("SELECT count(*)::int AS n FROM notes WHERE body = 'rolled back'")).rows[0].n).toBe(0);
    } finally {
      await db.disconnect();
    }
  });
});
