import { Type, compileParser } from '@helpdesk/validation';
import type { InboundEmailRecord, InboundEmailSummary } from '../persistence/inbound-email.repository.js';

export const outcomes = ['new-ticket', 'joined-ticket', 'duplicate', 'bounce', 'own-mail', 'quarantined', 'unfiled'] as const;
/**
 * received: waiting for the processor; announced: sent to tickets, not filed yet; unfiled: announced
 * MAIL_ANNOUNCE_ATTEMPTS times and never filed (an admin may retry it; a late filing still makes it filed);
 * the others are final.
 */
export const states = ['received', 'announced', 'filed', 'duplicate', 'bounce', 'own-mail', 'quarantined', 'unfiled'] as const;

const Uuid = Type.String({ format: 'uuid' });

export const parseInboundEmailId = compileParser(Uuid, 'inbound email id');

export const parseInboundEmailList = compileParser(
  Type.Object(
    {
      accountId: Type.Optional(Uuid),
      state: Type.Optional(Type.Union(states.map((o) => Type.Literal(o)))),
      outcome: Type.Optional(Type.Union(outcomes.map((o) => Type.Literal(o)))),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    },
    { additionalProperties: false },
  ),
  'list of inbound emails',
  { coerce: true },
);

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** One line of the list: enough to see what became of the email. */
export function inboundEmailSummary(row: InboundEmailSummary) {
  return {
    id: row.id,
    emailAccountId: row.emailAccountId,
    receivedAt: row.receivedAt.toISOString(),
    state: row.state,
    outcome: row.outcome,
    quarantineReason: row.quarantineReason,
    from: row.fromAddress ? { address: row.fromAddress, name: row.fromName } : null,
    subject: row.subject,
    messageId: row.messageId,
    size: row.size,
    automatic: row.automaticHeader ? { header: row.automaticHeader, value: row.automaticValue ?? '' } : null,
    ticket: row.ticketId ? { id: row.ticketId, number: row.ticketNumber } : null,
    duplicateOf: row.duplicateOf,
  };
}

/** The whole record an administrator reads: headers, what became of it and why, the bodies (the HTML sanitised), the attachments. */
export function inboundEmailResponse(row: InboundEmailRecord) {
  return {
    ...inboundEmailSummary(row),
    ticket: row.ticketId
      ? { id: row.ticketId, number: row.ticketNumber, rule: row.rule, reopened: row.reopened ?? false, linkedTicketId: row.linkedTicketId, noteId: row.noteId }
      : null,
    detail: row.outcomeDetail,
    fetchedAs: row.uid === null ? null : { uidValidity: row.uidValidity, uid: row.uid },
    attempts: row.attempts,
    processedAt: iso(row.processedAt),
    filedAt: iso(row.filedAt),
    headers: {
      to: row.toAddresses ?? [],
      cc: row.ccAddresses ?? [],
      date: iso(row.sentAt),
      messageId: row.messageId,
      inReplyTo: row.inReplyTo,
      references: row.references ?? [],
    },
    bounce: row.state === 'bounce'
      ? { against: row.bounceAgainst, recipient: row.bounceRecipient, action: row.bounceAction, status: row.bounceStatus, diagnostic: row.bounceDiagnostic }
      : null,
    text: row.textBody,
    /** Sanitised when it was stored: nothing unsanitised is ever served. */
    html: row.htmlBody,
    attachments: row.attachments,
    rawAvailable: row.rawKept,
    raw: `/api/inbound-emails/${row.id}/raw`,
  };
}
