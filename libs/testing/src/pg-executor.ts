import type pg from 'pg';
import { inPgTransaction, pgExecutor, type SqlExecutor } from '@helpdesk/db';

export { pgExecutor };

/** Transactions over plain `pg`, for testing the libs without a service. */
export function pgTransactions(pool: pg.Pool) {
  return <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> => inPgTransaction(pool, fn);
}
