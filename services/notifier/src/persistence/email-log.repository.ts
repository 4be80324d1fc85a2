import type { SqlExecutor } from '@helpdesk/db';
import type { EmailResult } from '../domain/email-log/email-log.js';

/** One email of the log, as the list shows it. */
export interface LogEntry {
  id: string;
  createdAt: Date;
  kind: string;
  toAddress: string;
  subject: string;
  ticketId: string | null;
  templateKey: string | null;
  automationId: string | null;
  automationCode: string | null;
  source: string | null;
  result: EmailResult;
  notSentReason: string | null;
  smtpResponse: string | null;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  inFlight: boolean;
  bouncedAt: Date | null;
  bounceAction: string | null;
  bounceStatus: string | null;
  bounceDiagnostic: string | null;
  retriedAt: Date | null;
  retriedBy: string | null;
}

/** One email with its bodies and headers. */
export interface LogEntryDetail extends LogEntry {
  textBody: string;
  htmlBody: string | null;
  messageId: string;
  inReplyTo: string | null;
  referenceIds: string | null;
  replyTo: string | null;
  autoSubmitted: string | null;
}

export interface LogSearch {
  /** Part of the recipient's address, in any case. */
  recipient?: string;
  /** Part of the subject, in any case. */
  subject?: string;
  template?: string;
  /** An automation's code (A02) or id. */
  automation?: string;
  result?: EmailResult;
  ticketId?: string;
  from?: Date;
  to?: Date;
  /** The last entry of the page before: the page goes on after it (newest first). */
  after?: { at: Date; id: string };
  limit: number;
  maxAttempts: number;
}

/** The result of a row ($1: MAIL_MAX_ATTEMPTS); see emailResults for what each means. */
const result = `CASE
    WHEN e.not_sent_reason IS NOT NULL THEN 'not_sent'
    WHEN e.bounced_at IS NOT NULL THEN 'bounced'
    WHEN e.sent_at IS NOT NULL THEN 'sent'
    WHEN e.claimed_until > now() THEN CASE WHEN e.attempts <= 1 THEN 'queued' ELSE 'retrying' END
    WHEN e.attempts >= $1::int THEN 'failed'
    WHEN e.attempts = 0 THEN 'queued'
    ELSE 'retrying'
  END`;

const columns = `e.id, e.created_at AS "createdAt", e.kind, e.to_address AS "toAddress", e.subject, e.ticket_id AS "ticketId",
  e.template_key AS "templateKey", e.automation_id AS "automationId", e.automation_code AS "automationCode", e.source,
  ${result} AS result, e.not_sent_reason AS "notSentReason", e.smtp_response AS "smtpResponse", e.attempts, e.last_error AS "lastError",
  e.sent_at AS "sentAt", coalesce(e.claimed_until > now(), false) AS "inFlight",
  e.bounced_at AS "bouncedAt", e.bounce_action AS "bounceAction", e.bounce_status AS "bounceStatus", e.bounce_diagnostic AS "bounceDiagnostic",
  e.retried_at AS "retriedAt", e.retried_by AS "retriedBy"`;

/** A LIKE pattern that finds `text` anywhere, its own % _ and \ taken literally. */
function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column` (to_address or subject) holds the LIKE pattern `pattern`, in a form the search index serves. */
function matching(column: string, pattern: string): string {
  return `(lower(${column}) LIKE ${pattern} AND lower(e.to_address || ' ' || e.subject) LIKE ${pattern})`;
}

/**
 * A page of the log, newest first, `limit + 1` rows (the extra one says there is a next page).
 * Recipient and subject use the trigram index on their lower case; the page follows the
 * (created_at, id) index.
 */
export async function searchLog(sql: SqlExecutor, search: LogSearch): Promise<LogEntry[]> {
  const values: unknown[] = [search.maxAttempts];
  const where: string[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  // Each part also on the one trigram index of both (migration 0010), which finds the candidates; the column's own condition keeps the exact meaning.
  if (search.recipient !== undefined) where.push(matching('e.to_address', param(containing(search.recipient))));
  if (search.subject !== undefined) where.push(matching('e.subject', param(containing(search.subject))));
  if (search.template !== undefined) where.push(`e.template_key = ${param(search.template)}`);
  if (search.automation !== undefined) {
    const automation = param(search.automation);
    where.push(`(upper(e.automation_code) = upper(${automation}) OR e.automation_id::text = lower(${automation}))`);
  }
  if (search.result !== undefined) where.push(`${result} = ${param(search.result)}`);
  if (search.ticketId !== undefined) where.push(`e.ticket_id = ${param(search.ticketId)}::uuid`);
  if (search.from !== undefined) where.push(`e.created_at >= ${param(search.from)}`);
  if (search.to !== undefined) where.push(`e.created_at < ${param(search.to)}`);
  if (search.after !== undefined) where.push(`(e.created_at, e.id) < (${param(search.after.at)}, ${param(search.after.id)}::uuid)`);
  return sql.$queryRawUnsafe<LogEntry[]>(
    `SELECT ${columns} FROM outgoing_emails e
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY e.created_at DESC, e.id DESC LIMIT ${param(search.limit + 1)}::int`,
    ...values,
  );
}

/** One email with its bodies and headers; the bodies of an email with a single-use link are never shown, sent or not. */
export async function findLogEntry(sql: SqlExecutor, id: string, maxAttempts: number): Promise<LogEntryDetail | undefined> {
  const [row] = await sql.$queryRawUnsafe<LogEntryDetail[]>(
    `SELECT ${columns},
            CASE WHEN e.redact_after_send THEN $3 ELSE e.text_body END AS "textBody",
            CASE WHEN e.redact_after_send THEN NULL ELSE e.html_body END AS "htmlBody", e.message_id AS "messageId", e.in_reply_to AS "inReplyTo",
            e.reference_ids AS "referenceIds", e.reply_to AS "replyTo", e.auto_submitted AS "autoSubmitted"
     FROM outgoing_emails e WHERE e.id = $2::uuid`,
    maxAttempts,
    id,
    linkBodyShown,
  );
  return row;
}

/**
 * What the log shows of an email that holds a single-use link (an invitation, a password reset), sent or
 * not yet: whoever reads the log must not be able to use another person's link.
 */
const linkBodyShown = '[not shown: this email holds a single-use link (blanked once sent)]';

/**
 * Makes an email due now with its attempts counted from 0 again, recording who asked, in one
 * statement that re-checks the row as it is when locked: only an email not sent, not bounced, not
 * decided against and not being sent is retried. False when it was not (or does not exist).
 */
export async function retryEmail(sql: SqlExecutor, id: string, by: string): Promise<boolean> {
  const retried = await sql.$executeRawUnsafe(
    `UPDATE outgoing_emails SET attempts = 0, next_attempt_at = now(), retried_at = now(), retried_by = $2::uuid
     WHERE id = $1::uuid AND sent_at IS NULL AND bounced_at IS NULL AND not_sent_reason IS NULL
       AND (claimed_until IS NULL OR claimed_until <= now())`,
    id,
    by,
  );
  return retried > 0;
}
