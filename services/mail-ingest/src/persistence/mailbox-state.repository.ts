import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@helpdesk/db';

/** A mailbox lease as this instance holds it: the token fences every write of progress. */
export interface Lease {
  accountId: string;
  holder: string;
  token: string;
  /** The destination (host, port, user, folder) this sync is for: counted up when it changes; every write names it. */
  generation: number;
  /** Where the sync stood when the lease was taken. */
  uidValidity: string | null;
  lastUid: number;
}

/** The enabled accounts, with what the fetcher needs to tell an edit (version) from no change. */
export interface FetchableAccountRef {
  id: string;
  version: number;
}

export async function listEnabledAccounts(db: SqlExecutor): Promise<FetchableAccountRef[]> {
  return db.$queryRawUnsafe<FetchableAccountRef[]>('SELECT id, version FROM email_accounts WHERE enabled ORDER BY id');
}

/**
 * Takes the account's lease when it is free: never held, released, lapsed (its holder died or
 * stalled), or held by this same instance (a worker restarted after an edit). The token goes up at
 * every taking, so writes of the previous holder fail from now on. Undefined when another holds it.
 */
export async function acquireLease(db: SqlExecutor, accountId: string, holder: string, leaseMs: number): Promise<Lease | undefined> {
  await db.$executeRawUnsafe(
    'INSERT INTO mailbox_states (email_account_id) SELECT id FROM email_accounts WHERE id = $1::uuid ON CONFLICT (email_account_id) DO NOTHING',
    accountId,
  );
  const [row] = await db.$queryRawUnsafe<Array<{ token: string; generation: number; uidValidity: string | null; lastUid: string }>>(
    `UPDATE mailbox_states SET lease_holder = $2, lease_token = lease_token + 1, lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
     WHERE email_account_id = $1::uuid AND (lease_until IS NULL OR lease_until < now() OR lease_holder = $2)
     RETURNING lease_token::text AS token, generation, uid_validity::text AS "uidValidity", last_uid::text AS "lastUid"`,
    accountId,
    holder,
    leaseMs,
  );
  return row && { accountId, holder, token: row.token, generation: row.generation, uidValidity: row.uidValidity, lastUid: Number(row.lastUid) };
}

/** Extends the lease; false when it was taken over meanwhile (or the account is gone): the holder must stop. */
export async function renewLease(db: SqlExecutor, lease: Lease, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRawUnsafe(
    `UPDATE mailbox_states SET lease_until = now() + $3 * interval '1 millisecond' WHERE email_account_id = $1::uuid AND lease_token = $2::bigint`,
    lease.accountId,
    lease.token,
    leaseMs,
  );
  return n === 1;
}

/** Gives the lease up (a clean stop, a disabled account): another instance may take it at once. */
export async function releaseLease(db: SqlExecutor, lease: Lease): Promise<void> {
  await db.$executeRawUnsafe(
    'UPDATE mailbox_states SET lease_holder = NULL, lease_until = NULL, updated_at = now() WHERE email_account_id = $1::uuid AND lease_token = $2::bigint',
    lease.accountId,
    lease.token,
  );
}

export class LeaseLostError extends Error {
  constructor(accountId: string) {
    super(`The lease of mailbox ${accountId} was taken over by another instance (or the account is gone, or now points elsewhere): this instance stops fetching it.`);
  }
}

/**
 * The folder was found under another UIDVALIDITY than the stored one (or for the first time): its
 * UIDs start again, so the sync starts from UID 1 under the new validity; what was ingested before is
 * recognised by its dedup key, nothing is lost.
 */
export async function startUidValidity(db: SqlExecutor, lease: Lease, uidValidity: string): Promise<void> {
  const n = await db.$executeRawUnsafe(
    'UPDATE mailbox_states SET uid_validity = $3::bigint, last_uid = 0, updated_at = now() WHERE email_account_id = $1::uuid AND lease_token = $2::bigint AND generation = $4::int',
    lease.accountId,
    lease.token,
    uidValidity,
    lease.generation,
  );
  if (n !== 1) throw new LeaseLostError(lease.accountId);
}

/**
 * Restarts an account's sync (review i11, item 3) when where it points changes (host, port, user,
 * folder), in the transaction that saves the change: a new generation, no UIDVALIDITY, from UID 1.
 * UIDVALIDITY is unique per folder on one server only: without this, a new folder showing the old
 * one's value would be synced from the old `last_uid` and its colliding UIDs taken as stored. The
 * holder of the old generation can write nothing more (every write names its generation); mail seen
 * in both places is recognised by its dedup key.
 */
export async function restartSync(tx: SqlExecutor, accountId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    'UPDATE mailbox_states SET generation = generation + 1, uid_validity = NULL, last_uid = 0, updated_at = now() WHERE email_account_id = $1::uuid',
    accountId,
  );
}

export interface FetchedMessage {
  uidValidity: string;
  uid: number;
  /** Null for a message over the fetch ceiling (`tooLarge`): its source was not fetched. */
  raw: Buffer | null;
  /** The size the server gave (RFC822.SIZE); the source's length when not given. */
  size?: number;
  dedupKey: string;
  messageId: string | null;
  /** Why the message is recorded without its source (quarantined, too-large). */
  tooLarge?: string;
}

/** What storing a fetched message came to. */
export type StoreOutcome = 'stored' | 'duplicate' | 'already-stored';

/**
 * Stores one fetched message and the progress past it, in the caller's transaction: progress first
 * (it locks the mailbox's row and checks the lease token: another holder's takeover waits for this
 * commit, and a lost lease rolls everything back), then the row. The same UID read again is a no-op;
 * another delivery of a dedup key already stored is a row of its own pointing at the first, its raw
 * not kept again.
 */
export async function storeFetchedMessage(tx: SqlExecutor, lease: Lease, message: FetchedMessage): Promise<StoreOutcome> {
  return (await storeFetchedMessages(tx, lease, [message]))[0]!;
}

/**
 * Several fetched messages of one UIDVALIDITY in one transaction (`MAIL_STORE_BATCH`): the progress
 * past the last of them, then the rows (the new ones in one INSERT, in UID order, then each that conflicted
 * one by one). All or none of them commit with the progress.
 */
export async function storeFetchedMessages(tx: SqlExecutor, lease: Lease, messages: FetchedMessage[]): Promise<StoreOutcome[]> {
  if (messages.length === 0) return [];
  const progressed = await tx.$executeRawUnsafe(
    `UPDATE mailbox_states SET last_uid = GREATEST(last_uid, $4::bigint), updated_at = now()
     WHERE email_account_id = $1::uuid AND lease_token = $2::bigint AND uid_validity = $3::bigint AND generation = $5::int`,
    lease.accountId,
    lease.token,
    messages[0]!.uidValidity,
    Math.max(...messages.map((message) => message.uid)),
    lease.generation,
  );
  if (progressed !== 1) throw new LeaseLostError(lease.accountId);
  // The usual case in one statement: new messages with their source. Each one that did not go in
  // (the same UID again, a duplicate, one over the ceiling) takes the one-by-one path.
  const stored = await insertNew(tx, lease, messages.filter((message) => message.raw !== null));
  const outcomes: StoreOutcome[] = [];
  for (const message of messages) outcomes.push(stored.has(message.uid) ? 'stored' : await insertFetched(tx, lease, message));
  return outcomes;
}

/** Inserts the messages in one statement, skipping each that conflicts; the UIDs stored. */
async function insertNew(tx: SqlExecutor, lease: Lease, messages: FetchedMessage[]): Promise<Set<number>> {
  if (messages.length === 0) return new Set();
  const perRow = 7;
  const rows = messages.map((_, i) => {
    const p = (k: number) => `$${i * perRow + k + 3}`;
    return `(${p(0)}::uuid, $1::uuid, $2::int, ${p(1)}::bigint, ${p(2)}::bigint, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::int, 'received')`;
  });
  const values = messages.flatMap((m) => [randomUUID(), m.uidValidity, m.uid, m.dedupKey, m.messageId, m.raw, m.size ?? m.raw!.length]);
  const inserted = await tx.$queryRawUnsafe<Array<{ uid: string }>>(
    `INSERT INTO inbound_emails (id, email_account_id, mailbox_generation, uid_validity, uid, dedup_key, message_id, raw, size, state)
     VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING RETURNING uid::text`,
    lease.accountId,
    lease.generation,
    ...values,
  );
  return new Set(inserted.map((row) => Number(row.uid)));
}

async function insertFetched(tx: SqlExecutor, lease: Lease, message: FetchedMessage): Promise<StoreOutcome> {
  const size = message.size ?? message.raw?.length ?? 0;
  // Over the fetch ceiling: recorded without its source, quarantined at once (the processor never sees it).
  const inserted = message.raw
    ? await tx.$executeRawUnsafe(
        `INSERT INTO inbound_emails (id, email_account_id, mailbox_generation, uid_validity, uid, dedup_key, message_id, raw, size, state)
         VALUES ($1::uuid, $2::uuid, $3::int, $4::bigint, $5::bigint, $6, $7, $8, $9, 'received') ON CONFLICT DO NOTHING`,
        randomUUID(),
        lease.accountId,
        lease.generation,
        message.uidValidity,
        message.uid,
        message.dedupKey,
        message.messageId,
        message.raw,
        size,
      )
    : await tx.$executeRawUnsafe(
        `INSERT INTO inbound_emails (id, email_account_id, mailbox_generation, uid_validity, uid, dedup_key, message_id, raw, size, state, outcome,
           quarantine_reason, outcome_detail, processed_at)
         VALUES ($1::uuid, $2::uuid, $3::int, $4::bigint, $5::bigint, $6, $7, NULL, $8, 'quarantined', 'quarantined', 'too-large', $9, now()) ON CONFLICT DO NOTHING`,
        randomUUID(),
        lease.accountId,
        lease.generation,
        message.uidValidity,
        message.uid,
        message.dedupKey,
        message.messageId,
        size,
        message.tooLarge ?? 'The email is over the fetch ceiling: its source was not fetched.',
      );
  if (inserted === 1) return 'stored';
  const [same] = await tx.$queryRawUnsafe<unknown[]>(
    'SELECT 1 FROM inbound_emails WHERE email_account_id = $1::uuid AND mailbox_generation = $2::int AND uid_validity = $3::bigint AND uid = $4::bigint',
    lease.accountId,
    lease.generation,
    message.uidValidity,
    message.uid,
  );
  if (same) return 'already-stored';
  const [first] = await tx.$queryRawUnsafe<Array<{ id: string; receivedAt: Date }>>(
    'SELECT id, received_at AS "receivedAt" FROM inbound_emails WHERE email_account_id = $1::uuid AND dedup_key = $2 AND duplicate_of IS NULL',
    lease.accountId,
    message.dedupKey,
  );
  if (!first) throw new Error(`inbound email of ${lease.accountId} UID ${message.uid} conflicts with neither its UID nor its dedup key`);
  await tx.$executeRawUnsafe(
    `INSERT INTO inbound_emails (id, email_account_id, mailbox_generation, uid_validity, uid, dedup_key, message_id, duplicate_of, raw, size, state, outcome, outcome_detail, processed_at)
     VALUES ($1::uuid, $2::uuid, $10::int, $3::bigint, $4::bigint, $5, $6, $7::uuid, NULL, $8, 'duplicate', 'duplicate', $9, now())`,
    randomUUID(),
    lease.accountId,
    message.uidValidity,
    message.uid,
    message.dedupKey,
    message.messageId,
    first.id,
    size,
    `Already received on this account on ${first.receivedAt.toISOString()} (${message.messageId ? `same Message-ID ${message.messageId}` : 'no Message-ID; same sender-written headers and body'}): recorded, nothing done again.`,
    lease.generation,
  );
  return 'duplicate';
}

/** The state the accounts API shows: a sync that went through. */
export async function recordSync(db: SqlExecutor, accountId: string, backlog: number): Promise<void> {
  await db.$executeRawUnsafe('UPDATE email_accounts SET last_sync_at = now(), backlog = $2, last_error = NULL, last_error_at = NULL WHERE id = $1::uuid', accountId, backlog);
}

/** What is left to fetch, seen in the middle of a sync. */
export async function recordBacklog(db: SqlExecutor, accountId: string, backlog: number): Promise<void> {
  await db.$executeRawUnsafe('UPDATE email_accounts SET backlog = $2 WHERE id = $1::uuid', accountId, backlog);
}

/** Why the last attempt failed, in words for the administrator (never a secret). */
export async function recordFetchError(db: SqlExecutor, accountId: string, message: string): Promise<void> {
  await db.$executeRawUnsafe('UPDATE email_accounts SET last_error = $2, last_error_at = now() WHERE id = $1::uuid', accountId, message.slice(0, 2000));
}
