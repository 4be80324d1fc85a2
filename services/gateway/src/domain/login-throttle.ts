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
 * - per (account, network) pair, where guessing one account happens: 5 free failures, then 30 s
 *   doubling up to 15 minutes, forgotten after a day without one. A guesser at one network gets about
 *   4 tries an hour; the owner elsewhere is never slowed by it, and their success starts the pair over.
 * - per network (an IPv6 /64: one subscriber's), where trying many accounts happens (credential
 *   stuffing): 20 free failures, then 10 s doubling up to 15 minutes, forgotten after an hour. An
 *   office behind one NAT keeps signing in: a success gives its attempt back.
 * - per account, only for networks the account has not signed in from in 30 days: 100 free failures
 *   (NIST SP 800-63B's cap per account), then 10 s doubling up to a minute. Guessing spread over many
 *   networks (a botnet, IPv6 ranges) slows to about one guess a minute, while the owner from a
 *   network they use signs in at once, and from a new one waits a minute at most.
 * - per trusted device (a device cookie of an earlier sign-in to the account, device-trust.ts): its
 *   attempts are counted there alone and wait for none of the three above, so a guesser on the
 *   owner's network (an office NAT, an IPv6 /64) cannot keep the owner out; 5 failures within a day
 *   and the device is trusted no more (its attempts are counted and slowed like anyone's) until it
 *   signs in or a day passes.
 */
export const throttlePolicy = {
  pair: { freeFailures: 5, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 60 * 60_000 },
  address: { freeFailures: 20, firstDelayMs: 10_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
  account: { freeFailures: 100, firstDelayMs: 10_000, maxDelayMs: 60_000, forgetAfterMs: 24 * 60 * 60_000 },
} satisfies Record<string, DelayRule>;

/** Failures a trusted device may have (forgotten a day after its last) before it is trusted no more. */
export const deviceTrustPolicy = { freeFailures: 5, forgetAfterMs: 24 * 60 * 60_000 };

/** How long a network stays known for an account after a successful sign-in from it. */
export const knownNetworkMs = 30 * 24 * 60 * 60_000;

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
  account: string;
}

/** The account a sign-in names, as throttle keys and device tokens name it. */
export function accountOf(kind: 'staff' | 'contact', email: string): string {
  return `${kind}:${email.toLowerCase()}`;
}

export function throttleKeys(kind: 'staff' | 'contact', email: string, address: string): ThrottleKeys {
  const network = networkOf(address);
  const account = accountOf(kind, email);
  return { pair: `pair:${account}:${network}`, address: `address:${network}`, account: `account:${account}` };
}

/** An attempt let through to the password check, counted as a failure until it turns out otherwise. */
export interface SignInAttempt {
  keys: ThrottleKeys;
  /** The throttle key of the trusted device the attempt came from (`device:<id>`), if any. */
  deviceKey?: string;
  /** Counted on the device alone, past the network's and the account's waits. */
  asTrustedDevice: boolean;
  countedAt: Date;
  /** The address's and the account's last failure before this attempt counted, to give it back. */
  failuresBefore: Array<{ key: string; failureBefore: Date }>;
}

/** The throttle key of a trusted device. */
export const deviceKeyOf = (deviceId: string) => `device:${deviceId}`;

type Scope = keyof ThrottleKeys;

const refusals: Record<Scope, string> = {
  pair: 'Too many failed sign-ins for this account from your network address.',
  address: 'Too many failed sign-ins from your network address.',
  account: 'Too many failed sign-ins for this account from networks it has not signed in from lately.',
};

/**
 * Counts a sign-in attempt as a failure before the password is checked, and refuses it (429 with
 * Retry-After) while the pair, the network or (from a network the account is not known from) the
 * account must still wait. An attempt from a device trusted for the account (`deviceKey`) that has
 * not used up its failures is counted on the device alone and never waits. The rows are locked
 * while this is decided, so a burst of parallel guesses is counted one by one: past the free
 * failures, the rest wait.
 */
export async function reserveSignInAttempt(db: GatewayDatabase, keys: ThrottleKeys, deviceKey?: string): Promise<SignInAttempt> {
  const scopes = Object.keys(keys) as Scope[];
  type Decision = { refused: true; waitMs: number; scope: Scope } | { refused: false; attempt: SignInAttempt };
  const decision = await inPgTransaction(db.pool, async (tx): Promise<Decision> => {
    const rows = await lockThrottles(tx, [...Object.values(keys), ...(deviceKey ? [deviceKey] : [])]);
    const byScope = Object.fromEntries(scopes.map((scope) => [scope, rows.find((row) => row.key === keys[scope])!])) as Record<Scope, ThrottleRow>;
    const now = byScope.pair.now.getTime();
    const device = deviceKey ? rows.find((row) => row.key === deviceKey)! : undefined;
    const deviceFailures = device && now - device.lastFailureAt.getTime() <= deviceTrustPolicy.forgetAfterMs ? device.failures : 0;
    if (deviceKey && deviceFailures < deviceTrustPolicy.freeFailures) {
      const countedAt = await countFailures(tx, [{ key: deviceKey, failures: deviceFailures + 1, keepMs: deviceTrustPolicy.forgetAfterMs }]);
      return { refused: false, attempt: { keys, deviceKey, asTrustedDevice: true, countedAt, failuresBefore: [] } };
    }
    const failures = (scope: Scope) => {
      const row = byScope[scope];
      return now - row.lastFailureAt.getTime() > throttlePolicy[scope].forgetAfterMs ? 0 : row.failures;
    };
    const signedInAt = byScope.pair.signedInAt?.getTime();
    const knownNetwork = signedInAt !== undefined && now - signedInAt < knownNetworkMs;
    const waits = scopes
      .filter((scope) => scope !== 'account' || !knownNetwork)
      .map((scope) => {
        const delay = delayAfter(failures(scope), throttlePolicy[scope]);
        return { scope, ms: delay > 0 ? byScope[scope].lastFailureAt.getTime() + delay - now : 0 };
      });
    const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a));
    if (longest.ms > 0) return { refused: true, waitMs: longest.ms, scope: longest.scope };
    const countedAt = await countFailures(
      tx,
      scopes.map((scope) => ({ key: keys[scope], failures: failures(scope) + 1, keepMs: throttlePolicy[scope].forgetAfterMs })),
    );
    const failuresBefore = (['address', 'account'] as const).map((scope) => ({ key: keys[scope], failureBefore: byScope[scope].lastFailureAt }));
    return { refused: false, attempt: { keys, deviceKey, asTrustedDevice: false, countedAt, failuresBefore } };
  });
  if (!decision.refused) return decision.attempt;
  const seconds = Math.ceil(decision.waitMs / 1000);
  throw new TooManyRequestsError(`${refusals[decision.scope]} Try again in ${seconds} seconds.`, seconds);
}

/**
 * The attempt succeeded: the device's count starts over. Unless it came in as a trusted device, the
 * pair's count starts over too and its network is known for the account, and the network and the
 * account get their attempt back (and no wait from it). A trusted device's success leaves the pair
 * alone: a guesser on the same network gains nothing from the owner signing in.
 */
export async function releaseSignInAttempt(db: GatewayDatabase, attempt: SignInAttempt): Promise<void> {
  const startOver = [...(attempt.asTrustedDevice ? [] : [attempt.keys.pair]), ...(attempt.deviceKey ? [attempt.deviceKey] : [])];
  const giveBack = attempt.asTrustedDevice ? [] : attempt.failuresBefore;
  await forgiveAttempt(pgExecutor(db.pool), { startOverKeys: startOver, knownForMs: knownNetworkMs, countedAt: attempt.countedAt, giveBack });
}
