import type { SqlExecutor } from './sql-executor.js';

/** Columns of a projection row decided by one version column: they change only with a newer version. */
export interface VersionedColumns {
  /** The row's column holding the version these columns are at; `version` unless named. */
  versionColumn?: string;
  version: number;
  /** Column name to value (sent as untyped parameters: PostgreSQL takes each column's type; JSON as a string). */
  set: Record<string, unknown>;
}

/**
 * Keeps the newest state of an aggregate in a projection row keyed by `id`, whatever order its events
 * arrive in: inserts the row, or changes each group of columns only if this event's version for it
 * is newer than the row's (a late, older event changes nothing). Most rows have one version; one
 * whose events carry parts of the state keeps a version per part (a contact's customer by `version`,
 * its names by `details_version`). Columns no part names keep their value (their default on insert),
 * so a deletion that carries no name leaves the last one known. Table and column names come from
 * code, never from input.
 */
export async function saveNewer(db: SqlExecutor, table: string, id: string, parts: readonly VersionedColumns[]): Promise<void> {
  const columns: string[] = ['id'];
  const values: unknown[] = [id];
  const updates: string[] = [];
  const newer: string[] = [];
  for (const part of parts) {
    const versionColumn = part.versionColumn ?? 'version';
    for (const [column, value] of Object.entries(part.set)) {
      columns.push(column);
      values.push(value);
      updates.push(`${column} = CASE WHEN t.${versionColumn} < EXCLUDED.${versionColumn} THEN EXCLUDED.${column} ELSE t.${column} END`);
    }
    columns.push(versionColumn);
    values.push(part.version);
    updates.push(`${versionColumn} = GREATEST(t.${versionColumn}, EXCLUDED.${versionColumn})`);
    newer.push(`t.${versionColumn} < EXCLUDED.${versionColumn}`);
  }
  await db.$executeRawUnsafe(
    `INSERT INTO ${table} AS t (${columns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
     WHERE ${newer.join(' OR ')}`,
    ...values,
  );
}

/** What contact.added / contact.updated say of a contact: its customer, names and address. */
export interface ContactState {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
}

/**
 * The parts of a contact's projection row that contact.added / contact.updated decide: `version` the
 * customer; `details_version` the names and address (kept in lower case), which only these two carry,
 * so a move or deactivation that arrives first leaves them to the older event (the notifier's and the
 * contracts service's contacts).
 */
export function contactSnapshotParts(contact: ContactState, version: number): VersionedColumns[] {
  return [
    { version, set: { customer_id: contact.customerId } },
    { versionColumn: 'details_version', version, set: { first_name: contact.firstName, last_name: contact.lastName, email: contact.email.toLowerCase() } },
  ];
}
