import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface Migration {
  /** Unique across the service, e.g. `outbox/0001_outbox` or `service/20261125_init`. */
  name: string;
  sql: string;
}

/** Reads `dir/<name>.sql` files, or Prisma-style `dir/<name>/migration.sql` folders, in name order. */
export function loadMigrations(scope: string, dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      if (entry.isFile() && entry.name.endsWith('.sql')) return { id: entry.name.replace(/\.sql$/, ''), file: path.join(dir, entry.name) };
      const file = path.join(dir, entry.name, 'migration.sql');
      if (entry.isDirectory() && existsSync(file)) return { id: entry.name, file };
      return undefined;
    })
    .filter((m): m is { id: string; file: string } => m !== undefined)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((m) => ({ name: `${scope}/${m.id}`, sql: readFileSync(m.file, 'utf8') }));
}

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

// One lock id for every service: each has its own database, so instances of different services never meet.
const MIGRATION_LOCK = 727_001;

/**
 * Applies what is not yet applied, each migration in its own transaction, under an advisory lock
 * so that instances starting together take turns. An applied migration whose file changed since
 * stops start-up: the database would no longer match the code.
 */
export async function migrate(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const done = new Map(rows.map((row) => [row.name, row.checksum]));
    for (const migration of migrations) {
      const sum = checksum(migration.sql);
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous !== sum) throw new Error(`migration ${migration.name} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [migration.name, sum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
  return applied;
}
