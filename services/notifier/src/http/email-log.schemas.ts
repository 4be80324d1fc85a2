import { Type, compileParser } from '@helpdesk/validation';
import { emailResults } from '../domain/email-log/email-log.js';
import type { LogEntry, LogEntryDetail } from '../persistence/email-log.repository.js';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

export const parseLogEntryId = compileParser(Uuid, 'email id');

export const parseLogSearch = compileParser(
  Type.Object(
    {
      recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })),
      subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
      template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      automation: Type.Optional(Type.String({ minLength: 1, maxLength: 36 })),
      result: Type.Optional(Type.Union(emailResults.map((result) => Type.Literal(result)))),
      ticketId: Type.Optional(Uuid),
      from: Type.Optional(DateTime),
      to: Type.Optional(DateTime),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    },
    { additionalProperties: false },
  ),
  'email log search',
  { coerce: true },
);

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** One line of the log: to whom, what, from which template or automation, and what became of it. */
export function logEntrySummary(entry: LogEntry) {
  return {
    id: entry.id,
    createdAt: entry.createdAt.toISOString(),
    kind: entry.kind,
    to: entry.toAddress,
    subject: entry.subject,
    ticketId: entry.ticketId,
    template: entry.templateKey,
    automation: entry.automationId || entry.automationCode ? { id: entry.automationId, code: entry.automationCode } : null,
    source: entry.source,
    result: entry.result,
    /** Why an email was not sent (result not_sent). */
    reason: entry.notSentReason,
    /** The mail server's answer to the last attempt: its acceptance, or its refusal. */
    smtpResponse: entry.smtpResponse,
    attempts: entry.attempts,
    lastError: entry.lastError,
    sentAt: iso(entry.sentAt),
    bounce: entry.bouncedAt ? { at: iso(entry.bouncedAt), action: entry.bounceAction, status: entry.bounceStatus, diagnostic: entry.bounceDiagnostic } : null,
    retried: entry.retriedAt ? { at: iso(entry.retriedAt), by: entry.retriedBy } : null,
  };
}

/** The whole email: the summary, its bodies as stored (blanked once sent when they held a single-use link) and its headers. */
export function logEntryResponse(entry: LogEntryDetail) {
  return {
    ...logEntrySummary(entry),
    text: entry.textBody,
    /** The HTML alternative as sent: show it sandboxed, never inline in the application. */
    html: entry.htmlBody,
    headers: {
      'Message-ID': entry.messageId,
      'In-Reply-To': entry.inReplyTo,
      References: entry.referenceIds,
      'Reply-To': entry.replyTo,
      'Auto-Submitted': entry.autoSubmitted,
    },
  };
}
