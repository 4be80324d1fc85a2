import type { Tx } from './client.js';
import type { LoginThrottle } from './generated/client.js';

export type { LoginThrottle };

/**
 * Locks the key's row for the rest of the transaction (creating it if missing), so that parallel
 * sign-in attempts for one account or address are decided one after the other.
 */
export async function lockThrottle(tx: Tx, key: string): Promise<LoginThrottle> {
  await tx.$executeRawUnsafe(
    'INSERT INTO login_throttles (key, failures, first_failure_at) VALUES ($1, 0, now()) ON CONFLICT (key) DO NOTHING',
    key,
  );
  const rows = await tx.$queryRawUnsafe<Array<{ failures: number; first_failure_at: Date; locked_until: Date | null }>>(
    'SELECT failures, first_failure_at, locked_until FROM login_throttles WHERE key = $1 FOR UPDATE',
    key,
  );
  const row = rows[0]!;
  return { key, failures: row.failures, firstFailureAt: row.first_failure_at, lockedUntil: row.locked_until };
}

export async function saveThrottle(tx: Tx, throttle: LoginThrottle): Promise<void> {
  await tx.loginThrottle.update({
    where: { key: throttle.key },
    data: { failures: throttle.failures, firstFailureAt: throttle.firstFailureAt, lockedUntil: throttle.lockedUntil },
  });
}

/** Gives back one counted attempt (it turned out to succeed); a lock already set stays. */
export async function uncountFailure(tx: Tx, key: string): Promise<void> {
  await tx.$executeRawUnsafe('UPDATE login_throttles SET failures = greatest(failures - 1, 0) WHERE key = $1', key);
}

export async function clearThrottle(tx: Tx, key: string): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key } });
}
