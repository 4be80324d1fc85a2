import type { SqlExecutor } from '@helpdesk/db';
import type { Tx } from './client.js';

export interface NewOutgoingEmail {
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  causedByEvent: string;
  /** `<unique@sender-domain>`, kept for every attempt. */
  messageId: string;
  redactAfterSend?: boolean;
}

/** An email one sender holds until `claimed_until`; `attempts` already counts this attempt. */
export interface ClaimedEmail {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  messageId: string;
  attempts: number;
}

const redactedBody = '[removed after sending: it held a single-use link]';

/** Queues an email; the same event never queues the same kind of email to the same address twice. */
export async function queueEmail(tx: Tx, email: NewOutgoingEmail): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, caused_by_event, message_id, redact_after_send)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::uuid, $6, $7)
     ON CONFLICT (caused_by_event, kind, to_address) DO NOTHING`,
    email.kind,
    email.toAddress,
    email.subject,
    email.textBody,
    email.causedByEvent,
    email.messageId,
    email.redactAfterSend ?? false,
  );
}

/**
 * Claims up to `limit` due emails for `leaseMs` and counts the attempt, in one statement of its own:
 * no lock outlives it. Emails another sender holds are skipped, as are those out of attempts.
 */
export async function claimDueEmails(
  sql: SqlExecutor,
  options: { limit: number; maxAttempts: number; leaseMs: number },
): Promise<ClaimedEmail[]> {
  return sql.$queryRawUnsafe<ClaimedEmail[]>(
    `UPDATE outgoing_emails SET claimed_until = now() + $3::int * interval '1 millisecond', attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outgoing_emails
       WHERE sent_at IS NULL AND attempts < $2::int AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until <= now())
       ORDER BY next_attempt_at LIMIT $1::int FOR UPDATE SKIP LOCKED)
     RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", message_id AS "messageId", attempts`,
    options.limit,
    options.maxAttempts,
    options.leaseMs,
  );
}

/** Records that the server accepted the email (again, harmlessly, if it was already recorded). */
export async function markSent(sql: SqlExecutor, id: string): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE outgoing_emails
     SET sent_at = now(), claimed_until = NULL, last_error = NULL,
         text_body = CASE WHEN redact_after_send THEN $2 ELSE text_body END
     WHERE id = $1::uuid AND sent_at IS NULL`,
    id,
    redactedBody,
  );
}

/**
 * Records a failed attempt and when to try again. Only the latest claim may: a sender whose claim
 * lapsed and was taken over does not overwrite the newer one.
 */
export async function markFailed(sql: SqlExecutor, email: ClaimedEmail, error: string, retryInMs: number): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE outgoing_emails
     SET claimed_until = NULL, last_error = $2, next_attempt_at = now() + $3::int * interval '1 millisecond'
     WHERE id = $1::uuid AND sent_at IS NULL AND attempts = $4::int`,
    email.id,
    error.slice(0, 1000),
    retryInMs,
    email.attempts,
  );
}

export interface EmailQueueState {
  /** Emails waiting or being sent. */
  queued: number;
  /** Age of the oldest of them, in seconds; 0 when none waits. */
  oldestQueuedSeconds: number;
  /** Emails left for an operator: out of attempts and not sent. */
  givenUp: number;
  /** Attempts that did not end in a sent email, over the whole log (only ever grows). */
  failedAttempts: number;
}

/** The email queue's state, for metrics and health. Reads only unsent and retried rows (partial indexes). */
export async function emailQueueState(sql: SqlExecutor, maxAttempts: number): Promise<EmailQueueState> {
  const [row] = await sql.$queryRawUnsafe<EmailQueueState[]>(
    `WITH unsent AS (
       SELECT created_at, attempts, coalesce(claimed_until > now(), false) AS in_flight
       FROM outgoing_emails WHERE sent_at IS NULL
     ), waiting AS (
       SELECT *, attempts >= $1::int AND NOT in_flight AS given_up FROM unsent
     )
     SELECT
       (SELECT count(*) FROM waiting WHERE NOT given_up)::int AS queued,
       coalesce((SELECT extract(epoch FROM now() - min(created_at)) FROM waiting WHERE NOT given_up), 0)::float8 AS "oldestQueuedSeconds",
       (SELECT count(*) FROM waiting WHERE given_up)::int AS "givenUp",
       ((SELECT coalesce(sum(attempts - CASE WHEN in_flight THEN 1 ELSE 0 END), 0) FROM unsent)
        + (SELECT coalesce(sum(attempts - 1), 0) FROM outgoing_emails WHERE sent_at IS NOT NULL AND attempts > 1))::float8 AS "failedAttempts"`,
    maxAttempts,
  );
  return row!;
}
