import { createPool, pgServiceDatabase, type ServiceDatabase, type SqlExecutor } from '@helpdesk/db';

/**
 * The notifier reaches its database through `pg` alone: every query it runs is on the path of an
 * event or an email (docs/architecture.md, Decisions). prisma/schema.prisma still describes its
 * tables and writes its migrations.
 */
export type Tx = SqlExecutor;
export type NotifierDatabase = ServiceDatabase<Tx, SqlExecutor> & {
  /** The few connections of the hot path's named statements: planned once per connection (below). */
  plannedOncePool: ServiceDatabase<Tx, SqlExecutor>['pool'];
};

/** Enough for the event consumer's group statement and the sender's claim and outcome at once. */
const PLANNED_ONCE_CONNECTIONS = 4;

/**
 * The hot path's named statements (the event group, the claim, the outcome) run on a small pool of
 * their own whose connections plan them once (plan_cache_mode=force_generic_plan): PostgreSQL's default
 * re-planned the group statement at every execution (a custom plan looked cheaper than the generic one,
 * knowing the arrays' lengths), and that planning cost about as much as running it (bench/README.md,
 * lane l12's second round). Every other statement stays on the service's pool with the default: a
 * search of the email log must be planned with its values (a generic plan of `ILIKE $1` scanned the
 * whole trigram index, 2,000 times slower on 200k emails), and so must the optional filters of the
 * automations' reads. The exception to "one pool per service" (docs/architecture.md) is this one.
 */
export function openDatabase(url: string): NotifierDatabase {
  const database = pgServiceDatabase(createPool(url));
  const plannedOncePool = createPool(url, PLANNED_ONCE_CONNECTIONS, { plan_cache_mode: 'force_generic_plan' });
  return {
    ...database,
    plannedOncePool,
    disconnect: async () => {
      await Promise.all([database.disconnect(), plannedOncePool.end()]);
    },
  };
}
