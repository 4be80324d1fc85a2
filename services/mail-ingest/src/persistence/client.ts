import { createPool, pgServiceDatabase, type ServiceDatabase, type SqlExecutor } from '@helpdesk/db';

/**
 * mail-ingest reaches its database through `pg` alone: every email is a hot path (docs/architecture.md,
 * Decisions), and the account administration is a few statements that need no Prisma Client either.
 * prisma/schema.prisma still describes its tables and writes its migrations.
 */
export type Tx = SqlExecutor;
export type MailIngestDatabase = ServiceDatabase<Tx, SqlExecutor>;

export function openDatabase(url: string): MailIngestDatabase {
  return pgServiceDatabase(createPool(url));
}
