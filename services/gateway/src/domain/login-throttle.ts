import ipaddr from 'ipaddr.js';
import { inPgTransaction, pgExecutor } from '@helpdesk/db';
import { TooManyRequestsError } from '@helpdesk/errors';
import type { GatewayDatabase } from '../persistence/client.js';
import { countFailures, forgiveAttempt, lockThrottles, type ThrottleRow } from '../persistence/sign-in-throttle.repository.js';

/** How a key's failures slow the next attempt: free ones, then a delay that doubles, forgotten after a quiet while. */
export interface DelayRule {
  /** Failures that cost nothing: typing mistakes. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A key with no failure for this long starts over (and its row is purged). */
  forgetAfterMs: number;
}

/**
 * The limits, and why (OWASP ASVS V2.2.1: anti-automation that stops guessing without letting an
 * attacker lock the owner out; docs/architecture.md, "Sign-in throttling"):
 * - per (account, address) pair, where guessing one account happens: 5 free failures, then 30 s
 *   doubling up to 15 minutes, remembered for a day. A guesser at one address gets about 4 tries an
 *   hour; the owner elsewhere is never slowed by it, and their own success starts the pair over.
 * - per address (an IPv6 /64: one subscriber's network), where trying many accounts happens
 *   (credential stuffing): 20 free failures, then 10 s doubling up to 15 minutes, remembered for an
 *   hour. An office behind one NAT keeps signing in: a success gives its attempt back.
 * Nothing counts per account alone: that is the lock an attacker could hold over the owner.
 */
export const throttlePolicy = {
  pair: { freeFailures: 5, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 60 * 60_000 },
  address: { freeFailures: 20, firstDelayMs: 10_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
} satisfies Record<string, DelayRule>;

/** How long after its last failure a key with `failures` counted takes its next attempt. */
export function delayAfter(failures: number, rule: DelayRule): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.maxDelayMs, rule.firstDelayMs * 2 ** (failures - rule.freeFailures));
}

/**
 * What identifies a client's network: an IPv4 address as it is (an IPv4-mapped IPv6 address as its
 * IPv4), an IPv6 address by its /64, which one subscriber gets whole and can rotate through freely.
 */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const [a, b, c, d] = (parsed as ipaddr.IPv6).parts.map((part) => part.toString(16));
  return `${a}:${b}:${c}:${d}::/64`;
}

export interface ThrottleKeys {
  pair: string;
  address: string;
}

export function throttleKeys(kind: 'staff' | 'contact', email: string, address: string): ThrottleKeys {
  const network = networkOf(address);
  return { pair: `pair:${kind}:${email.toLowerCase()}:${network}`, address: `address:${network}` };
}

/** An attempt let through to the password check, counted as a failure until it turns out otherwise. */
export interface SignInAttempt {
  keys: ThrottleKeys;
  countedAt: Date;
  addressFailureBefore: Date;
}

const ruleOf = (keys: ThrottleKeys, row: ThrottleRow): DelayRule => (row.key === keys.pair ? throttlePolicy.pair : throttlePolicy.address);

/**
 * Counts a sign-in attempt as a failure before the password is checked, and refuses it (429 with
 * Retry-After) while the pair or the address must still wait. Both rows are locked while this is
 * decided, so a burst of parallel guesses is counted one by one: past the free failures, the rest wait.
 */
export async function reserveSignInAttempt(db: GatewayDatabase, keys: ThrottleKeys): Promise<SignInAttempt> {
  const decision = await inPgTransaction(db.pool, async (tx) => {
    const rows = await lockThrottles(tx, [keys.pair, keys.address]);
    const counted = rows.map((row) => ({ row, rule: ruleOf(keys, row), failures: row.expiresAt <= row.now ? 0 : row.failures }));
    const waits = counted.map(({ row, rule, failures }) => {
      const delay = delayAfter(failures, rule);
      return { key: row.key, ms: delay > 0 ? row.lastFailureAt.getTime() + delay - row.now.getTime() : 0 };
    });
    const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a));
    if (longest.ms > 0) return { refused: true, waitMs: longest.ms, byAddress: longest.key === keys.address } as const;
    const countedAt = await countFailures(
      tx,
      counted.map(({ row, rule, failures }) => ({ key: row.key, failures: failures + 1, keepMs: rule.forgetAfterMs })),
    );
    const addressRow = rows.find((row) => row.key === keys.address)!;
    return { refused: false, attempt: { keys, countedAt, addressFailureBefore: addressRow.lastFailureAt } } as const;
  });
  if (!decision.refused) return decision.attempt;
  const seconds = Math.ceil(decision.waitMs / 1000);
  const from = decision.byAddress ? 'from your network address' : 'for this account from your network address';
  throw new TooManyRequestsError(`Too many failed sign-ins ${from}. Try again in ${seconds} seconds.`, seconds);
}

/** The attempt succeeded: the pair's count starts over, and the address gets its attempt back (and no wait from it). */
export async function releaseSignInAttempt(db: GatewayDatabase, attempt: SignInAttempt): Promise<void> {
  await forgiveAttempt(pgExecutor(db.pool), {
    pairKey: attempt.keys.pair,
    addressKey: attempt.keys.address,
    countedAt: attempt.countedAt,
    addressFailureBefore: attempt.addressFailureBefore,
  });
}
