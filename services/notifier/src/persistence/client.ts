import { createPool, pgServiceDatabase, type ServiceDatabase, type SqlExecutor } from '@helpdesk/db';

/**
 * The notifier reaches its database through `pg` alone: every query it runs is on the path of an
 * event or an email (docs/architecture.md, Decisions). prisma/schema.prisma still describes its
 * tables and writes its migrations.
 */
export type Tx = SqlExecutor;
export type NotifierDatabase = ServiceDatabase<Tx, SqlExecutor>;

export function openDatabase(url: string): NotifierDatabase {
  return pgServiceDatabase(createPool(url));
}
