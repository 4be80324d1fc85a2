import pg from 'pg';
import { testEnvironment, uniqueSuffix } from './environment.js';

/** Everything a run creates starts with this, so a later run can sweep up what a killed run left. */
export const TEST_DATABASE_PREFIX = 'hdt_';

function withDatabase(url: string, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/** The URL of a database that does not exist yet; the service creates it on start. */
export function newTestDatabaseUrl(label: string): string {
  return withDatabase(testEnvironment.databaseUrl, `${TEST_DATABASE_PREFIX}${label.replace(/\W/g, '_')}_${uniqueSuffix()}`);
}

async function onMaintenanceDatabase<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(testEnvironment.databaseUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops test databases. Pools that were just ended may still be closing their sockets: give them a
 * moment, since forcing their sessions closed makes the server send them an error they no longer
 * listen for. Whatever is left after that is forced.
 */
export async function dropTestDatabases(urls: string[]): Promise<void> {
  await onMaintenanceDatabase(async (client) => {
    const names = urls.map((url) => new URL(url).pathname.slice(1));
    for (let waited = 0; waited < 2000; waited += 50) {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1)', [names]);
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  });
}

/** Runs one query on a test database and closes the connection. */
export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
