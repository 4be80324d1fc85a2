import type { SqlExecutor } from '@helpdesk/db';

export interface ThrottleRow {
  key: string;
  failures: number;
  lastFailureAt: Date;
  /** A pair's last successful sign-in: the account is known from that network. */
  signedInAt: Date | null;
  /** The database's clock at the read: every gateway instance decides by the same clock. */
  now: Date;
}

interface RawThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  signed_in_at: Date | null;
  now: Date;
}

/**
 * The keys' rows, created if missing and locked for the rest of the transaction (an upsert locks
 * the row it meets, in key order), so parallel attempts on one key are decided one after the other.
 */
export async function lockThrottles(tx: SqlExecutor, keys: string[]): Promise<ThrottleRow[]> {
  const rows = await tx.$queryRawUnsafe<RawThrottleRow[]>(
    `INSERT INTO sign_in_throttles (key, failures, last_failure_at, expires_at)
     SELECT key, 0, now(), now() FROM unnest($1::text[]) AS key ORDER BY key
     ON CONFLICT (key) DO UPDATE SET key = excluded.key
     RETURNING key, failures, last_failure_at, signed_in_at, now() AS now`,
    [...keys].sort(),
  );
  return rows.map((r) => ({ key: r.key, failures: r.failures, lastFailureAt: r.last_failure_at, signedInAt: r.signed_in_at, now: r.now }));
}

/**
 * Sets each key's count of failures, the last one now, and keeps the row at least `keepMs` from now;
 * returns the time stored (the attempt's mark, to give it back by).
 */
export async function countFailures(tx: SqlExecutor, counts: Array<{ key: string; failures: number; keepMs: number }>): Promise<Date> {
  const rows = await tx.$queryRawUnsafe<Array<{ last_failure_at: Date }>>(
    `UPDATE sign_in_throttles AS t
     SET failures = c.failures, last_failure_at = now(), expires_at = greatest(t.expires_at, now() + c.keep_ms * interval '1 millisecond')
     FROM unnest($1::text[], $2::int[], $3::bigint[]) AS c(key, failures, keep_ms)
     WHERE t.key = c.key
     RETURNING t.last_failure_at`,
    counts.map((c) => c.key),
    counts.map((c) => c.failures),
    counts.map((c) => c.keepMs),
  );
  return rows[0]!.last_failure_at;
}

/**
 * A sign-in succeeded: the counts of `startOverKeys` (the pair's, a trusted device's) start over and
 * they are known for `knownForMs`; each key in `giveBack` gets back the failure counted for this
 * attempt, with the time of its failure before (unless a later attempt has counted since).
 */
export async function forgiveAttempt(
  executor: SqlExecutor,
  attempt: { startOverKeys: string[]; knownForMs: number; countedAt: Date; giveBack: Array<{ key: string; failureBefore: Date }> },
): Promise<void> {
  await executor.$executeRawUnsafe(
    `WITH known AS (
       UPDATE sign_in_throttles
       SET failures = 0, signed_in_at = now(), expires_at = greatest(expires_at, now() + $2 * interval '1 millisecond')
       WHERE key = ANY($1::text[]))
     UPDATE sign_in_throttles AS t
     SET failures = greatest(t.failures - 1, 0),
         last_failure_at = CASE WHEN t.last_failure_at = $3 THEN b.failure_before ELSE t.last_failure_at END
     FROM unnest($4::text[], $5::timestamptz[]) AS b(key, failure_before)
     WHERE t.key = b.key`,
    attempt.startOverKeys,
    attempt.knownForMs,
    attempt.countedAt,
    attempt.giveBack.map((g) => g.key),
    attempt.giveBack.map((g) => g.failureBefore),
  );
}

/** Deletes up to `batchSize` rows past keeping; instances purging at once skip each other's rows. */
export async function purgeExpiredThrottles(executor: SqlExecutor, batchSize: number): Promise<number> {
  return executor.$executeRawUnsafe(
    `DELETE FROM sign_in_throttles WHERE key IN (
       SELECT key FROM sign_in_throttles WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
    batchSize,
  );
}
