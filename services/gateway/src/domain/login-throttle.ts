import { TooManyRequestsError } from '@helpdesk/errors';
import type { GatewayDatabase } from '../persistence/client.js';
import { clearThrottle, countFailure, findThrottles, lockUntil } from '../persistence/login-throttle.repository.js';

/**
 * Failed sign-ins are counted per account and per address in the database, so every gateway
 * instance sees them. Past the free failures a key is locked for 30 s, doubling with each further
 * failure up to 15 minutes: a guesser slows to a crawl, the real owner is never locked out for good.
 */
export const throttlePolicy = {
  windowMs: 15 * 60 * 1000,
  freeFailuresPerAccount: 5,
  freeFailuresPerAddress: 20,
  firstLockMs: 30 * 1000,
  maxLockMs: 15 * 60 * 1000,
};

export function lockDurationMs(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(throttlePolicy.maxLockMs, throttlePolicy.firstLockMs * 2 ** (failures - freeFailures));
}

export interface ThrottleKeys {
  account: string;
  address: string;
}

export function throttleKeys(kind: 'staff' | 'contact', email: string, address: string): ThrottleKeys {
  return { account: `account:${kind}:${email.toLowerCase()}`, address: `address:${address}` };
}

export async function assertNotThrottled(db: GatewayDatabase, keys: ThrottleKeys): Promise<void> {
  const now = Date.now();
  const locked = (await findThrottles(db.client, [keys.account, keys.address]))
    .map((row) => row.lockedUntil?.getTime() ?? 0)
    .filter((until) => until > now);
  if (locked.length > 0) {
    const seconds = Math.ceil((Math.max(...locked) - now) / 1000);
    throw new TooManyRequestsError(`Too many failed sign-ins. Try again in ${seconds} seconds.`, seconds);
  }
}

export async function recordFailedSignIn(db: GatewayDatabase, keys: ThrottleKeys): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [key, free] of [
      [keys.account, throttlePolicy.freeFailuresPerAccount],
      [keys.address, throttlePolicy.freeFailuresPerAddress],
    ] as const) {
      const { failures } = await countFailure(tx, key, throttlePolicy.windowMs);
      const lockMs = lockDurationMs(failures, free);
      if (lockMs > 0) await lockUntil(tx, key, new Date(Date.now() + lockMs));
    }
  });
}

/** A successful sign-in clears the account's count; the address keeps its own. */
export async function recordSuccessfulSignIn(db: GatewayDatabase, keys: ThrottleKeys): Promise<void> {
  await clearThrottle(db.client, keys.account);
}
