import { createPool, pgServiceDatabase, type ServiceDatabase, type SqlExecutor } from '@helpdesk/db';

/**
 * The notifier reaches its database through `pg` alone: every query it runs is on the path of an
 * event or an email (docs/architecture.md, Decisions). prisma/schema.prisma still describes its
 * tables and writes its migrations.
 */
export type Tx = SqlExecutor;
export type NotifierDatabase = ServiceDatabase<Tx, SqlExecutor>;

/**
 * Its named statements (the group statement, the claim, the outcome) are planned once per connection
 * (plan_cache_mode=force_generic_plan): PostgreSQL's default re-planned the group statement at every
 * execution (a custom plan looked cheaper than the generic one, knowing the arrays' lengths), and that
 * planning cost about as much as running it (bench/README.md, lane l12's second round). Its other
 * statements are unnamed and planned once each either way, now without their parameters' values:
 * they look rows up by key or page through an index, which a plan for any value serves as well.
 */
export function openDatabase(url: string): NotifierDatabase {
  return pgServiceDatabase(createPool(url, undefined, { plan_cache_mode: 'force_generic_plan' }));
}
