import pg from 'pg';
import type { SqlExecutor } from './sql-executor.js';

/** The part of a generated Prisma client that the plumbing uses; every service's client has it. */
export interface PrismaLike<Tx> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $disconnect(): Promise<void>;
}

export interface ServiceDatabase<Tx extends SqlExecutor, Client> {
  /** Queries outside a transaction. */
  client: Client;
  /** The one pool of the service: Prisma's adapter runs on it, and hot paths send SQL through it directly. */
  pool: pg.Pool;
  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
  /**
   * Registers what runs after each transaction commits, given the transaction, or given nothing after
   * `outboxCommitted` (libs/runtime wakes the outbox relay); cheap, never throwing.
   */
  afterCommit(hook: (tx?: Tx) => void): void;
  /** Says that a single statement on `pool`, outside `transaction`, committed outbox rows. */
  outboxCommitted(): void;
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}

/** The service's connection pool; a connection that dies while idle is dropped, not a crash. */
export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Wraps a service's Prisma client (built on `pool` through @prisma/adapter-pg) in what libs/runtime
 * needs: transactions, a readiness ping, shutdown.
 */
export function serviceDatabase<Tx extends SqlExecutor, Client extends PrismaLike<Tx>>(client: Client, pool: pg.Pool): ServiceDatabase<Tx, Client> {
  const afterCommit: Array<(tx?: Tx) => void> = [];
  return {
    client,
    pool,
    transaction: async (fn) => {
      let committed: Tx | undefined;
      // Interactive transactions are short here; the limits only stop a stuck one from holding a connection.
      const result = await client.$transaction(
        (tx) => {
          committed = tx;
          return fn(tx);
        },
        { maxWait: 10_000, timeout: 15_000 },
      );
      for (const hook of afterCommit) hook(committed!);
      return result;
    },
    afterCommit: (hook) => void afterCommit.push(hook),
    outboxCommitted: () => {
      for (const hook of afterCommit) hook();
    },
    ping: async () => {
      await client.$queryRawUnsafe('SELECT 1');
    },
    disconnect: async () => {
      await client.$disconnect();
      await pool.end();
    },
  };
}
