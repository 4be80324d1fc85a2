import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { newlyProcessed } from '@helpdesk/idempotent-consumer';
import { outboxInsertMany } from '@helpdesk/outbox';
import type { Threading } from '../domain/automatic-answers.js';

/** The name the notifier's applied events are recorded under (its service name, as for every consumer). */
const consumer = 'notifier';

export interface NewOutgoingEmail {
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  causedByEvent: string;
  /** `<unique@sender-domain>`, kept for every attempt. */
  messageId: string;
  redactAfterSend?: boolean;
  /** The ticket the email is about; absent for emails about none. */
  ticketId?: string | null;
  /** Set for an answer to an inbound email: stored with the email, so every attempt carries the same headers. */
  threading?: Threading;
  /** The HTML alternative (templated emails); the text body is always sent too. */
  htmlBody?: string | null;
  /** RFC 3834 class; absent: auto-generated. Null: a person's words (no Auto-Submitted header). */
  autoSubmitted?: AutoSubmitted | null;
  /** What decided on the email, for the email log: automation, system_email, notification_group, password_reset... */
  source?: string | null;
  templateKey?: string | null;
  automationId?: string | null;
  automationCode?: string | null;
  /** Set when the email was decided against: it is logged and never sent. */
  notSentReason?: string | null;
}

/** RFC 3834 Auto-Submitted: an answer to a message, or other mail the system writes by itself. */
export type AutoSubmitted = 'auto-replied' | 'auto-generated';

/** An email about to be queued: its row id is chosen in the process, so that the event announcing it can name it. */
export interface QueuedEmail extends NewOutgoingEmail {
  id: string;
  /** outgoing_email.queued for this email, recorded in the outbox only if the email is queued now. */
  announcement: Envelope;
}

/**
 * A delivery-status report against the email with `messageId` (normalised as the notifier writes
 * them), from the event `eventId`; it marks that email only when `recipient` (its Final-Recipient)
 * is the email's `to_address`, in any case.
 */
export interface Bounce {
  eventId: string;
  messageId: string;
  inboundEmailId: string;
  action: string | null;
  status: string | null;
  recipient: string | null;
  diagnostic: string | null;
}

/** An email one sender holds until `claimed_until`; `attempts` already counts this attempt. */
export interface ClaimedEmail {
  id: string;
  toAddress: string;
  subject: string;
  textBody: string;
  messageId: string;
  attempts: number;
  inReplyTo: string | null;
  /** The References header as stored: Message-IDs separated by spaces. */
  referenceIds: string | null;
  replyTo: string | null;
  htmlBody: string | null;
  autoSubmitted: AutoSubmitted | null;
}

const redactedBody = '[removed after sending: it held a single-use link]';

/**
 * Applies a group of events once, in one statement: records their ids as handled by the notifier,
 * queues the emails they cause (each carries its event's id in `causedByEvent`) with the
 * outgoing_email.queued event of each email queued now (outbox), and marks the emails the group's
 * bounces name. An event handled before changes nothing again; the same event never queues the same
 * kind of email to the same address twice. Resolves to the ids of the events applied now.
 */
export async function applyEventGroup(sql: SqlExecutor, eventIds: string[], emails: QueuedEmail[], bounces: Bounce[] = []): Promise<string[]> {
  const announced = outboxInsertMany(
    emails.map((email) => email.announcement),
    23,
    `(o.payload #>> '{data,outgoingEmailId}')::uuid IN (SELECT id FROM queued WHERE not_sent_reason IS NULL)`,
  );
  const rows = await sql.$queryRawUnsafe<Array<{ eventId: string }>>(
    `WITH fresh AS (${newlyProcessed('$1', '$2')}), queued AS (
     INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, caused_by_event, message_id, redact_after_send,
                                  ticket_id, in_reply_to, reference_ids, reply_to,
                                  html_body, auto_submitted, source, template_key, automation_id, automation_code, not_sent_reason)
     SELECT e.id, e.kind, e.to_address, e.subject, e.text_body, e.caused_by_event, e.message_id, e.redact_after_send,
            e.ticket_id, e.in_reply_to, e.reference_ids, e.reply_to,
            e.html_body, e.auto_submitted, e.source, e.template_key, e.automation_id, e.automation_code, e.not_sent_reason
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::boolean[],
                 $11::uuid[], $12::text[], $13::text[], $14::text[],
                 $16::text[], $17::text[], $18::text[], $19::text[], $20::uuid[], $21::text[], $22::text[])
       AS e(id, kind, to_address, subject, text_body, caused_by_event, message_id, redact_after_send, ticket_id, in_reply_to, reference_ids, reply_to,
            html_body, auto_submitted, source, template_key, automation_id, automation_code, not_sent_reason)
     JOIN fresh ON fresh.event_id = e.caused_by_event
     ON CONFLICT (caused_by_event, kind, to_address) DO NOTHING
     RETURNING id, not_sent_reason
   ), bounced AS (
     UPDATE outgoing_emails m
     SET bounced_at = now(), bounce_email_id = b.inbound_email_id, bounce_action = b.action, bounce_status = b.status,
         bounce_recipient = b.recipient, bounce_diagnostic = b.diagnostic
     FROM (SELECT DISTINCT ON (o.id) o.id AS outgoing_id, b.*
           FROM jsonb_to_recordset($15::jsonb) AS b(event_id uuid, message_id text, inbound_email_id uuid, action text, status text, recipient text, diagnostic text)
           JOIN fresh ON fresh.event_id = b.event_id
           JOIN outgoing_emails o ON o.message_id = b.message_id AND lower(o.to_address) = lower(b.recipient)
           ORDER BY o.id, b.event_id) AS b
     WHERE m.id = b.outgoing_id AND m.bounced_at IS NULL
     RETURNING m.id
   ), announced AS (${announced.sql} RETURNING 1)
     SELECT event_id AS "eventId" FROM fresh`,
    consumer,
    eventIds,
    emails.map((email) => email.id),
    emails.map((email) => email.kind),
    emails.map((email) => email.toAddress),
    emails.map((email) => email.subject),
    emails.map((email) => email.textBody),
    emails.map((email) => email.causedByEvent),
    emails.map((email) => email.messageId),
    emails.map((email) => email.redactAfterSend ?? false),
    emails.map((email) => email.ticketId ?? null),
    emails.map((email) => email.threading?.inReplyTo ?? null),
    emails.map((email) => (email.threading && email.threading.references.length > 0 ? email.threading.references.join(' ') : null)),
    emails.map((email) => email.threading?.replyTo ?? null),
    JSON.stringify(
      bounces.map((bounce) => ({
        event_id: bounce.eventId,
        message_id: bounce.messageId,
        inbound_email_id: bounce.inboundEmailId,
        action: bounce.action,
        status: bounce.status,
        recipient: bounce.recipient,
        diagnostic: bounce.diagnostic,
      })),
    ),
    emails.map((email) => email.htmlBody ?? null),
    emails.map((email) => (email.autoSubmitted === undefined ? 'auto-generated' : email.autoSubmitted)),
    emails.map((email) => email.source ?? null),
    emails.map((email) => email.templateKey ?? null),
    emails.map((email) => email.automationId ?? null),
    emails.map((email) => email.automationCode ?? null),
    emails.map((email) => email.notSentReason ?? null),
    ...announced.values,
  );
  return rows.map((row) => row.eventId);
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
       WHERE sent_at IS NULL AND not_sent_reason IS NULL AND attempts < $2::int AND next_attempt_at <= now()
         AND (claimed_until IS NULL OR claimed_until <= now())
       ORDER BY next_attempt_at LIMIT $1::int FOR UPDATE SKIP LOCKED)
     RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", message_id AS "messageId", attempts,
               in_reply_to AS "inReplyTo", reference_ids AS "referenceIds", reply_to AS "replyTo",
               html_body AS "htmlBody", auto_submitted AS "autoSubmitted"`,
    options.limit,
    options.maxAttempts,
    options.leaseMs,
  );
}

/** What became of one attempt at an email: sent, or failed with an error and a wait before the next. */
export interface AttemptOutcome {
  email: ClaimedEmail;
  error?: string;
  retryInMs?: number;
  /** The mail server's answer (its acceptance line, or its refusal), when it gave one. */
  response?: string;
}

/**
 * Records the outcomes of many attempts in one statement. A sent email is recorded as sent (again,
 * harmlessly, if it already was). A failure only by the latest claim: a sender whose claim lapsed
 * and was taken over does not overwrite the newer one.
 */
export async function recordAttempts(sql: SqlExecutor, outcomes: AttemptOutcome[]): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE outgoing_emails e
     SET sent_at = CASE WHEN o.error IS NULL THEN now() END,
         claimed_until = NULL,
         last_error = o.error,
         next_attempt_at = CASE WHEN o.error IS NULL THEN e.next_attempt_at ELSE now() + o.retry_ms * interval '1 millisecond' END,
         text_body = CASE WHEN o.error IS NULL AND e.redact_after_send THEN $5 ELSE e.text_body END,
         html_body = CASE WHEN o.error IS NULL AND e.redact_after_send THEN NULL ELSE e.html_body END,
         smtp_response = coalesce(o.response, e.smtp_response)
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $6::text[]) AS o(id, attempts, error, retry_ms, response)
     WHERE e.id = o.id AND e.sent_at IS NULL AND (o.error IS NULL OR e.attempts = o.attempts)`,
    outcomes.map((outcome) => outcome.email.id),
    outcomes.map((outcome) => outcome.email.attempts),
    outcomes.map((outcome) => (outcome.error === undefined ? null : outcome.error.slice(0, 1000))),
    outcomes.map((outcome) => outcome.retryInMs ?? 0),
    redactedBody,
    outcomes.map((outcome) => (outcome.response === undefined ? null : outcome.response.slice(0, 1000))),
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
       FROM outgoing_emails WHERE sent_at IS NULL AND not_sent_reason IS NULL
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
