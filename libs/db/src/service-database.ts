import pg from 'pg';
import type { SqlExecutor } from './sql-executor.js';

/** The part of a generated Prisma client that the plumbing uses; every service's client has it. */
export interface PrismaLike<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
  $disconnect(): Promise<void>;
}

/** What committed: a transaction (which may have added to the outbox), or one statement sent on the pool. */
export type Commit<Tx> = { transaction: Tx } | { statement: { wroteOutbox: boolean } };

export interface ServiceDatabase<Tx extends SqlExecutor, Client> {
  /** Queries outside a transaction. */
  client: Client;
  /** The one pool of the service: Prisma's adapter runs on it, and hot paths send SQL through it directly. */
  pool: pg.Pool;
  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
  /**
   * Registers what runs after each commit (libs/runtime wakes the outbox relay, the notifier its
   * sender); cheap, never throwing.
   */
  afterCommit(hook: (commit: Commit<Tx>) => void): void;
  /** Says that a single statement on `pool`, outside `transaction`, committed; the hooks run as after a transaction. */
  statementCommitted(options: { wroteOutbox: boolean }): void;
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}

/** The service's connection pool; a connection that dies while idle is dropped, not a crash. */
export function createPool(url: string, max = 10, settings: Record<string, string> = {}): pg.Pool {
  // A pool that stays exhausted is an outage (isInfrastructureError), not a wait without end.
  // A transaction left idle (a handler that hangs) gives its connection back after 30 s instead of holding it for ever.
  // `settings`: more session settings of every connection (the notifier's plan_cache_mode).
  const options = Object.entries({ idle_in_transaction_session_timeout: '30000', ...settings })
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, options });
  pool.on('error', () => undefined);
  return pool;
}

/** The after-commit hooks of one database: what `afterCommit` registers, run by `transaction` and `statementCommitted`. */
function commitHooks<Tx>() {
  const hooks: Array<(commit: Commit<Tx>) => void> = [];
  const committed = (commit: Commit<Tx>) => {
    for (const hook of hooks) hook(commit);
  };
  return {
    afterCommit: (hook: (commit: Commit<Tx>) => void) => void hooks.push(hook),
    committed,
    statementCommitted: (statement: { wroteOutbox: boolean }) => committed({ statement }),
  };
}

/**
 * Wraps a service's Prisma client (built on `pool` through @prisma/adapter-pg) in what libs/runtime
 * needs: transactions, a readiness ping, shutdown.
 */
export function serviceDatabase<Tx extends SqlExecutor, Client extends PrismaLike<Tx>>(client: Client, pool: pg.Pool): ServiceDatabase<Tx, Client> {
  const { afterCommit, committed, statementCommitted } = commitHooks<Tx>();
  return {
    client,
    pool,
    transaction: async (fn) => {
      let transaction: Tx | undefined;
      // Interactive transactions are short here; the limits only stop a stuck one from holding a connection.
      const result = await client.$transaction(
        (tx) => {
          transaction = tx;
          return fn(tx);
        },
        { maxWait: 10_000, timeout: 15_000 },
      );
      committed({ transaction: transaction! });
      return result;
    },
    afterCommit,
    statementCommitted,
    // On the pool, not through Prisma: the first Prisma query loads its WebAssembly query compiler
    // (~33 MB), which a service that has not yet served an administrative request does not need.
    ping: async () => {
      await pool.query('SELECT 1');
    },
    disconnect: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/** The plumbing's view of a connection or a pool: SQL with numbered parameters, nothing more. */
export function pgExecutor(client: pg.ClientBase | pg.Pool): SqlExecutor {
  return {
    $executeRawUnsafe: async (query, ...values) => (await client.query(query, values)).rowCount ?? 0,
    $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
  };
}

/** Runs `fn` in a transaction on one of the pool's connections; a connection that broke is discarded, not reused. */
export async function inPgTransaction<T>(pool: pg.Pool, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A session that dies mid-transaction (a restart, a cut link) rejects the running query; the error
  // event it also emits must not go unheard, or it would end the process.
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(pgExecutor(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * A service database reached through `pg` alone, with no Prisma Client at run time (the notifier,
 * whose every query is a hot path): its Prisma schema still describes the tables and writes the
 * migrations.
 */
export function pgServiceDatabase(pool: pg.Pool): ServiceDatabase<SqlExecutor, SqlExecutor> {
  const { afterCommit, committed, statementCommitted } = commitHooks<SqlExecutor>();
  return {
    client: pgExecutor(pool),
    pool,
    transaction: async (fn) => {
      let transaction: SqlExecutor | undefined;
      const result = await inPgTransaction(pool, (tx) => {
        transaction = tx;
        return fn(tx);
      });
      committed({ transaction: transaction! });
      return result;
    },
    afterCommit,
    statementCommitted,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    disconnect: () => pool.end(),
  };
}
