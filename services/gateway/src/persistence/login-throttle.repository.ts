import type { Tx } from './client.js';
import type { LoginThrottle } from './generated/client.js';

export type { LoginThrottle };

export function findThrottles(tx: Tx, keys: string[]): Promise<LoginThrottle[]> {
  return tx.loginThrottle.findMany({ where: { key: { in: keys } } });
}

/**
 * Counts one failure atomically (several gateways may count at once): a window older than
 * `windowMs` starts over; the caller decides on the lock from the returned count.
 */
export async function countFailure(tx: Tx, key: string, windowMs: number): Promise<LoginThrottle> {
  const rows = await tx.$queryRawUnsafe<Array<{ failures: number; first_failure_at: Date }>>(
    `INSERT INTO login_throttles (key, failures, first_failure_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_throttles.first_failure_at < now() - ($2 || ' milliseconds')::interval THEN 1 ELSE login_throttles.failures + 1 END,
       first_failure_at = CASE WHEN login_throttles.first_failure_at < now() - ($2 || ' milliseconds')::interval THEN now() ELSE login_throttles.first_failure_at END
     RETURNING failures, first_failure_at`,
    key,
    String(windowMs),
  );
  const row = rows[0]!;
  return { key, failures: row.failures, firstFailureAt: row.first_failure_at, lockedUntil: null };
}

export async function lockUntil(tx: Tx, key: string, until: Date): Promise<void> {
  await tx.loginThrottle.update({ where: { key }, data: { lockedUntil: until } });
}

export async function clearThrottle(tx: Tx, key: string): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key } });
}
