import { TooManyRequestsError } from '@helpdesk/errors';
import type { GatewayDatabase } from '../persistence/client.js';
import { clearThrottle, lockThrottle, saveThrottle, uncountFailure } from '../persistence/login-throttle.repository.js';

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

/**
 * Counts a sign-in attempt as a failure before the password is checked, and refuses it while the
 * account or the address is locked. Each key's row is locked while this is decided, so a burst of
 * parallel guesses is counted one by one: once the free failures are used, the rest are refused.
 */
export async function reserveSignInAttempt(db: GatewayDatabase, keys: ThrottleKeys): Promise<void> {
  const lockedFor = await db.transaction(async (tx) => {
    const now = new Date();
    const rules = [
      [keys.account, throttlePolicy.freeFailuresPerAccount],
      [keys.address, throttlePolicy.freeFailuresPerAddress],
    ] as const;
    const throttles = [];
    for (const [key, free] of rules) throttles.push({ throttle: await lockThrottle(tx, key), free });
    const lockedUntil = Math.max(0, ...throttles.map(({ throttle }) => throttle.lockedUntil?.getTime() ?? 0));
    if (lockedUntil > now.getTime()) return lockedUntil - now.getTime();
    for (const { throttle, free } of throttles) {
      const windowOver = now.getTime() - throttle.firstFailureAt.getTime() > throttlePolicy.windowMs;
      const failures = windowOver ? 1 : throttle.failures + 1;
      const lockMs = lockDurationMs(failures, free);
      await saveThrottle(tx, {
        ...throttle,
        failures,
        firstFailureAt: windowOver || throttle.failures === 0 ? now : throttle.firstFailureAt,
        lockedUntil: lockMs > 0 ? new Date(now.getTime() + lockMs) : throttle.lockedUntil,
      });
    }
    return 0;
  });
  if (lockedFor > 0) {
    const seconds = Math.ceil(lockedFor / 1000);
    throw new TooManyRequestsError(`Too many failed sign-ins. Try again in ${seconds} seconds.`, seconds);
  }
}

/** The attempt succeeded: the account's count starts over, and the address gets its attempt back. */
export async function releaseSignInAttempt(db: GatewayDatabase, keys: ThrottleKeys): Promise<void> {
  await db.transaction(async (tx) => {
    await clearThrottle(tx, keys.account);
    await uncountFailure(tx, keys.address);
  });
}
