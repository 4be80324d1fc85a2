import type { Envelope } from '@helpdesk/contracts-schema';
import type { PreparingPool, SqlExecutor } from '@helpdesk/db';
import { newlyProcessed } from '@helpdesk/idempotent-consumer';
import { outboxInsertMany } from '@helpdesk/outbox';
import type { Threading } from '../domain/automatic-answers.js';
import type { RunEntry } from '../domain/automations/plan-emails.js';

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
  /** It answers no email: In-Reply-To and References come from the ticket's thread (notifier_tickets), in the insert. */
  threadFromTicket?: boolean;
  /** An auto-reply: sent only if no auto-reply went to this address about this ticket within the hour. */
  throttled?: boolean;
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

/** What the group statement keeps of a ticket: the merged facts of the group's events on it (notifier_tickets). */
export interface TicketPatch {
  ticketId: string;
  number: number;
  /** The highest aggregate version among the events; older facts never overwrite newer ones. */
  version: number;
  /** The events it comes from: written only if one of them is applied now. */
  eventIds: string[];
  /** Column (snake_case) → value, only for what the events said. */
  known: Record<string, unknown>;
  /** Message-IDs joining the ticket's thread, in order: inbound emails' and the emails queued now. */
  threadIds: string[];
}

/** Everything a group of events changes, written by applyEventGroup in one statement. */
export interface GroupWrite {
  eventIds: string[];
  emails: QueuedEmail[];
  bounces?: Bounce[];
  tickets?: TicketPatch[];
  runs?: RunEntry[];
  /** notifier_settings.version the emails were planned with: nothing is written unless it is still the stored one. */
  settingsVersion?: number;
}

export interface GroupResult {
  /** The ids of the events applied now (not before). */
  applied: string[];
  /** The stored settings version differed from the one planned with: nothing was written; reload and plan again. */
  stale: boolean;
  settingsVersion: number;
}

/** notifier_tickets columns the events may fill, with their SQL types. */
const ticketColumns: Array<[string, string]> = [
  ['subject', 'text'],
  ['status', 'text'],
  ['priority', 'text'],
  ['channel', 'text'],
  ['requester_email', 'text'],
  ['customer_id', 'uuid'],
  ['customer_name', 'text'],
  ['customer_group_id', 'uuid'],
  ['contact_id', 'uuid'],
  ['contact_first_name', 'text'],
  ['contact_last_name', 'text'],
  ['team_id', 'uuid'],
  ['assignee_id', 'uuid'],
  ['email_account_id', 'uuid'],
  ['reply_mailbox', 'text'],
  ['created_at', 'timestamptz'],
  ['last_public_note', 'text'],
  ['last_public_note_at', 'timestamptz'],
  ['last_public_note_author', 'text'],
];
export const ticketColumnNames = ticketColumns.map(([column]) => column);

/**
 * Applies a group of events once, in one statement, and only while notifier_settings.version is the
 * one the emails were planned with (else nothing at all is written and `stale` says so): records their
 * ids as handled by the notifier; keeps each ticket's facts and thread (notifier_tickets, version-guarded);
 * takes the auto-reply throttle (one auto-replied email per recipient and ticket per rolling hour, the
 * others logged `rate_limited`); queues the emails (threaded from the ticket's thread when they answer no
 * email) with the outgoing_email.queued event of each email queued to be sent (outbox); writes the
 * automations' runs; and marks the emails the group's bounces name. An event handled before changes
 * nothing again; the same event never queues the same kind of email to the same address twice.
 */
export async function applyEventGroup(pool: PreparingPool, group: GroupWrite): Promise<GroupResult> {
  const { emails, bounces = [], tickets = [], runs = [] } = group;
  const announced = outboxInsertMany(
    emails.map((email) => email.announcement),
    28,
    `(o.payload #>> '{data,outgoingEmailId}')::uuid IN (SELECT id FROM queued WHERE not_sent_reason IS NULL)`,
  );
  const guardedIds = `(CASE WHEN $27::bigint IS NULL OR (SELECT version FROM notifier_settings WHERE id = 1) = $27::bigint THEN $2::uuid[] ELSE '{}'::uuid[] END)`;
  const known = (column: string, type: string) => `(p.known ->> '${column}')::${type}`;
  const text = `WITH fresh AS (${newlyProcessed('$1', guardedIds)}), e AS (
     SELECT e.* FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::boolean[],
                 $11::uuid[], $12::text[], $13::text[], $14::text[],
                 $16::text[], $17::text[], $18::text[], $19::text[], $20::uuid[], $21::text[], $22::text[], $23::boolean[], $24::boolean[])
       AS e(id, kind, to_address, subject, text_body, caused_by_event, message_id, redact_after_send, ticket_id, in_reply_to, reference_ids, reply_to,
            html_body, auto_submitted, source, template_key, automation_id, automation_code, not_sent_reason, thread_from_ticket, throttled)
     JOIN fresh ON fresh.event_id = e.caused_by_event
   ), throttle AS (
     INSERT INTO auto_reply_throttle AS a (to_address, ticket_id, last_at)
     SELECT DISTINCT lower(e.to_address), e.ticket_id, now() FROM e WHERE e.throttled AND e.not_sent_reason IS NULL AND e.ticket_id IS NOT NULL
     ON CONFLICT (to_address, ticket_id) DO UPDATE SET last_at = excluded.last_at WHERE a.last_at <= now() - interval '1 hour'
     RETURNING a.to_address, a.ticket_id
   ), queued AS (
     INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, caused_by_event, message_id, redact_after_send,
                                  ticket_id, in_reply_to, reference_ids, reply_to,
                                  html_body, auto_submitted, source, template_key, automation_id, automation_code, not_sent_reason)
     SELECT e.id, e.kind, e.to_address, e.subject, e.text_body, e.caused_by_event, e.message_id, e.redact_after_send,
            e.ticket_id,
            CASE WHEN e.thread_from_ticket THEN t.last_message_id ELSE e.in_reply_to END,
            CASE WHEN e.thread_from_ticket THEN nullif(array_to_string(t.thread_ids, ' '), '') ELSE e.reference_ids END,
            coalesce(e.reply_to, CASE WHEN e.thread_from_ticket THEN t.reply_mailbox END),
            e.html_body, e.auto_submitted, e.source, e.template_key, e.automation_id, e.automation_code,
            coalesce(e.not_sent_reason, CASE WHEN e.throttled AND e.ticket_id IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM throttle th WHERE th.to_address = lower(e.to_address) AND th.ticket_id = e.ticket_id) THEN 'rate_limited' END)
     -- The ticket's row read only for an email threaded from it, by its key: a plain join let the planner, on
     -- a table not yet analysed, scan notifier_tickets whole for a group with no such email (OFFSET 0 keeps
     -- this a subquery run per email, not a join).
     FROM e LEFT JOIN LATERAL (SELECT t.last_message_id, t.thread_ids, t.reply_mailbox FROM notifier_tickets t
                               WHERE e.thread_from_ticket AND t.id = e.ticket_id OFFSET 0) t ON true
     ON CONFLICT (caused_by_event, kind, to_address) DO NOTHING
     RETURNING id, not_sent_reason, message_id
   ), p AS (
     SELECT p.id, p.number, p.version, p.known,
            (SELECT coalesce(array_agg(x.id ORDER BY x.n), '{}') FROM unnest(p.thread_ids) WITH ORDINALITY AS x(id, n)
             WHERE NOT EXISTS (SELECT 1 FROM queued q WHERE q.message_id = x.id AND q.not_sent_reason IS NOT NULL)) AS added
     FROM jsonb_to_recordset($25::jsonb) AS p(id uuid, number int, version int, event_ids text, known jsonb, thread_ids text[])
     WHERE EXISTS (SELECT 1 FROM fresh WHERE fresh.event_id = ANY(p.event_ids::uuid[]))
   ), ticket_upserted AS (
     -- One upsert, not an update and an insert: another instance may insert the ticket between them (both
     -- would read the same snapshot), and this group's facts and thread ids would be lost.
     INSERT INTO notifier_tickets AS t (id, number, ${ticketColumnNames.join(', ')}, thread_ids, last_message_id, version)
     SELECT p.id, p.number, ${ticketColumns.map(([column, type]) => known(column, type)).join(', ')},
            notifier_thread_ids('{}', p.added), p.added[cardinality(p.added)], p.version
     FROM p
     ON CONFLICT (id) DO UPDATE SET
       ${ticketColumns
         .map(([column]) => `${column} = CASE WHEN excluded.version > t.version AND (SELECT p.known ? '${column}' FROM p WHERE p.id = excluded.id) THEN excluded.${column} ELSE t.${column} END`)
         .join(',\n       ')},
       thread_ids = notifier_thread_ids(t.thread_ids, (SELECT p.added FROM p WHERE p.id = excluded.id)),
       last_message_id = coalesce(excluded.last_message_id, t.last_message_id),
       version = greatest(t.version, excluded.version)
     RETURNING t.id
   ), runs AS (
     INSERT INTO automation_runs (id, automation_id, automation_code, automation_version, event_id, event_type, ticket_id, outcome, detail, email_ids)
     SELECT r.id, r.automation_id, r.automation_code, r.automation_version, r.event_id, r.event_type, r.ticket_id,
            CASE WHEN r.outcome = 'sent' AND NOT EXISTS (SELECT 1 FROM queued q WHERE q.id = ANY(r.email_ids::uuid[]) AND q.not_sent_reason IS NULL)
                 THEN 'not_sent' ELSE r.outcome END,
            r.detail, r.email_ids::uuid[]
     FROM jsonb_to_recordset($26::jsonb) AS r(id uuid, automation_id uuid, automation_code text, automation_version int, event_id uuid, event_type text,
                                              ticket_id uuid, outcome text, detail jsonb, email_ids text)
     JOIN fresh ON fresh.event_id = r.event_id
     ON CONFLICT (automation_id, event_id) DO NOTHING
     RETURNING 1
   ), bounced AS (
     UPDATE outgoing_emails m
     SET bounced_at = now(), bounce_email_id = b.inbound_email_id, bounce_action = b.action, bounce_status = b.status,
         bounce_recipient = b.recipient, bounce_diagnostic = b.diagnostic
     FROM (SELECT DISTINCT ON (o.id) o.id AS outgoing_id, b.*
           FROM jsonb_to_recordset($15::jsonb) AS b(event_id uuid, message_id text, inbound_email_id uuid, action text, status text, recipient text, diagnostic text)
           JOIN fresh ON fresh.event_id = b.event_id
           JOIN outgoing_emails o ON o.message_id = b.message_id AND lower(o.to_address) = lower(b.recipient)
           ORDER BY o.id, b.event_id) AS b
     -- No bounces (nearly every group): a one-time filter, so no plan ever reads outgoing_emails for none (on
     -- a table not yet analysed the planner scanned it whole, once per group).
     WHERE m.id = b.outgoing_id AND m.bounced_at IS NULL AND $15::jsonb <> '[]'::jsonb
     RETURNING m.id
   ), announced AS (${announced.sql} RETURNING 1)
     SELECT ARRAY(SELECT event_id::text FROM fresh) AS "eventIds",
            (SELECT version FROM notifier_settings WHERE id = 1)::float8 AS "settingsVersion"`;
  const values = [
    consumer,
    group.eventIds,
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
    emails.map((email) => email.threadFromTicket ?? false),
    emails.map((email) => email.throttled ?? false),
    JSON.stringify(
      tickets.map((ticket) => ({
        id: ticket.ticketId,
        number: ticket.number,
        version: ticket.version,
        event_ids: pgArray(ticket.eventIds),
        known: ticket.known,
        thread_ids: ticket.threadIds,
      })),
    ),
    JSON.stringify(
      runs.map((run) => ({
        id: run.id,
        automation_id: run.automationId,
        automation_code: run.automationCode,
        automation_version: run.automationVersion,
        event_id: run.eventId,
        event_type: run.eventType,
        ticket_id: run.ticketId,
        outcome: run.outcome,
        detail: run.detail,
        email_ids: pgArray(run.emailIds),
      })),
    ),
    group.settingsVersion ?? null,
    ...announced.values,
  ];
  // A named statement: its text never changes, so each connection parses it once (it is long; parsing it
  // each time cost the database more than the writes).
  const { rows } = await pool.query<{ eventIds: string[]; settingsVersion: number }>({ name: 'notifier-apply-event-group', text, values });
  const row = rows[0]!;
  return { applied: row.eventIds, settingsVersion: row.settingsVersion, stale: group.settingsVersion !== undefined && row.settingsVersion !== group.settingsVersion };
}

/** A PostgreSQL array literal of ids (uuids: nothing to quote). */
function pgArray(ids: string[]): string {
  return `{${ids.join(',')}}`;
}

/**
 * Claims up to `limit` due emails for `leaseMs` and counts the attempt, in one statement of its own:
 * no lock outlives it. Emails another sender holds are skipped, as are those out of attempts. A named
 * statement (parsed once per connection: it runs for every email or two). The claim changes no indexed
 * column, so it is a HOT update where the page has room (migration 0013).
 */
export async function claimDueEmails(
  pool: PreparingPool,
  options: { limit: number; maxAttempts: number; leaseMs: number },
): Promise<ClaimedEmail[]> {
  const { rows } = await pool.query<ClaimedEmail>({
    name: 'notifier-claim-due-emails',
    text: `UPDATE outgoing_emails SET claimed_until = now() + $3::int * interval '1 millisecond', attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM outgoing_emails
       WHERE sent_at IS NULL AND not_sent_reason IS NULL AND attempts < $2::int AND next_attempt_at <= now()
         AND (claimed_until IS NULL OR claimed_until <= now())
       ORDER BY next_attempt_at LIMIT $1::int FOR UPDATE SKIP LOCKED)
     RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", message_id AS "messageId", attempts,
               in_reply_to AS "inReplyTo", reference_ids AS "referenceIds", reply_to AS "replyTo",
               html_body AS "htmlBody", auto_submitted AS "autoSubmitted"`,
    values: [options.limit, options.maxAttempts, options.leaseMs],
  });
  return rows;
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
 * and was taken over does not overwrite the newer one. A named statement, as the claim.
 */
export async function recordAttempts(pool: PreparingPool, outcomes: AttemptOutcome[]): Promise<void> {
  await pool.query({
    name: 'notifier-record-attempts',
    text: `UPDATE outgoing_emails e
     SET sent_at = CASE WHEN o.error IS NULL THEN now() END,
         claimed_until = NULL,
         last_error = o.error,
         next_attempt_at = CASE WHEN o.error IS NULL THEN e.next_attempt_at ELSE now() + o.retry_ms * interval '1 millisecond' END,
         text_body = CASE WHEN o.error IS NULL AND e.redact_after_send THEN $5 ELSE e.text_body END,
         html_body = CASE WHEN o.error IS NULL AND e.redact_after_send THEN NULL ELSE e.html_body END,
         smtp_response = coalesce(o.response, e.smtp_response)
     FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $6::text[]) AS o(id, attempts, error, retry_ms, response)
     WHERE e.id = o.id AND e.sent_at IS NULL AND (o.error IS NULL OR e.attempts = o.attempts)`,
    values: [
      outcomes.map((outcome) => outcome.email.id),
      outcomes.map((outcome) => outcome.email.attempts),
      outcomes.map((outcome) => (outcome.error === undefined ? null : outcome.error.slice(0, 1000))),
      outcomes.map((outcome) => outcome.retryInMs ?? 0),
      redactedBody,
      outcomes.map((outcome) => (outcome.response === undefined ? null : outcome.response.slice(0, 1000))),
    ],
  });
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

/**
 * The email queue's state, for metrics and health. Reads only the unsent rows (a partial index) and the
 * counter of failed attempts of emails that left the queue (kept by a trigger, migration 0013).
 */
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
        + (SELECT coalesce(sum(settled), 0) FROM outgoing_email_failed_attempts))::float8 AS "failedAttempts"`,
    maxAttempts,
  );
  return row!;
}
