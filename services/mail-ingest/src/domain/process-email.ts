import { inboundEmailBouncedV1, inboundEmailReceivedV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import { eventOfCurrentWork } from '@helpdesk/outbox';
import type { ClaimedEmail, ProcessingResult } from '../persistence/inbound-email.repository.js';
import { classifyEmail, type ParsedEmail } from './parse-email.js';
import { capHtml, capText } from './sanitise-html.js';

/** Event bodies (design, "Sizes"): text up to 1 MiB, sanitised html up to 2 MiB; the record keeps them whole. */
export const eventTextMaxBytes = 1024 * 1024;
export const eventHtmlMaxBytes = 2 * 1024 * 1024;

export type QuarantineReason = 'too-large' | 'no-sender' | 'parse-failed' | 'parse-timeout' | 'account-deleted';

/** What the processor records, and the event it publishes with it (none for own mail and quarantine). */
export interface ProcessingDecision {
  result: ProcessingResult;
  received?: EventData<typeof inboundEmailReceivedV1>;
  bounced?: EventData<typeof inboundEmailBouncedV1>;
}

/** A quarantine before or instead of parsing: the raw source stays for an admin to read and retry. */
export function quarantine(reason: QuarantineReason, detail: string): ProcessingDecision {
  return { result: { state: 'quarantined', outcome: 'quarantined', detail, quarantineReason: reason, parsed: null, bounce: null, attachments: [] } };
}

/** The events a decision publishes (none for own mail and quarantine), as the outbox takes them. */
export function eventsOf(email: { id: string }, decision: ProcessingDecision): Envelope<unknown>[] {
  const aggregate = { type: 'inbound_email', id: email.id, version: 1 };
  return [
    ...(decision.received ? [receivedEvent(decision.received)] : []),
    ...(decision.bounced ? [eventOfCurrentWork('mail-ingest', inboundEmailBouncedV1, aggregate, decision.bounced)] : []),
  ];
}

type Received = EventData<typeof inboundEmailReceivedV1>;

/** inbound_email.received for an email: the first announcement, or one again (an email not filed in time). */
export function receivedEvent(data: Received): Envelope<Received> {
  return eventOfCurrentWork('mail-ingest', inboundEmailReceivedV1, { id: data.emailId, version: 1 }, data);
}

/** The email an announcement names, with what its account gives a ticket it opens. */
export interface AnnouncedEmail {
  id: string;
  emailAccountId: string;
  mailbox: string;
  receivedAt: Date;
  defaultTeamId: string | null;
  defaultPriority: string;
}


/** What an announcement says of the email itself: from its parse, or, announced again, from its record. */
export interface AnnouncedContent extends Pick<Received, 'messageId' | 'inReplyTo' | 'references' | 'from' | 'to' | 'cc' | 'subject' | 'date' | 'text' | 'html' | 'automatic'> {
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; inline: boolean; contentId: string | null }>;
}

/** The data of inbound_email.received, the bodies capped as the event takes them (the record keeps them whole). */
export function announcementOf(email: AnnouncedEmail, content: AnnouncedContent): Received {
  const text = capText(content.text, eventTextMaxBytes);
  // The second sanitise of a cut HTML keeps only this email's own inline images (those of its Content-ID map).
  const ownImages = new Set(content.attachments.filter((a) => a.contentId !== null).map((a) => a.id));
  const html = content.html === null ? { html: null, truncated: false } : capHtml(content.html, eventHtmlMaxBytes, ownImages);
  return {
    emailId: email.id,
    emailAccountId: email.emailAccountId,
    mailbox: email.mailbox,
    receivedAt: email.receivedAt.toISOString(),
    defaults: { teamId: email.defaultTeamId, priority: email.defaultPriority },
    messageId: content.messageId,
    inReplyTo: content.inReplyTo,
    references: content.references,
    from: content.from,
    to: content.to,
    cc: content.cc,
    subject: content.subject.slice(0, 2000),
    date: content.date,
    text: text.text,
    html: html.html,
    truncated: text.truncated || html.truncated,
    attachments: content.attachments.slice(0, 500).map((a) => ({
      attachmentId: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      inline: a.inline,
      contentId: a.contentId,
    })),
    automatic: content.automatic,
  };
}

/** The bytes as a Buffer, copied only when they are not one already (attachments can be large). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decides what becomes of a parsed email (classification in parse-email.ts) and builds its record and event. */
export function decide(email: ClaimedEmail, parsed: ParsedEmail, systemDomain: string): ProcessingDecision {
  const classification = classifyEmail(parsed, systemDomain);
  const record: ProcessingResult['parsed'] = {
    messageId: parsed.messageId,
    from: parsed.from,
    to: parsed.to,
    cc: parsed.cc,
    subject: parsed.subject,
    date: parsed.date,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    text: parsed.text,
    html: parsed.html,
    automatic: parsed.automatic,
  };
  const attachments = parsed.attachments.map((a, position) => ({
    id: a.id,
    position,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    contentId: a.contentId,
    sha256: asBuffer(a.sha256),
    content: asBuffer(a.content),
  }));
  const base = { parsed: record, bounce: null, attachments };

  switch (classification.kind) {
    case 'own-mail':
      return { result: { ...base, state: 'own-mail', outcome: 'own-mail', detail: classification.detail, quarantineReason: null } };
    case 'quarantined':
      return { result: { ...base, state: 'quarantined', outcome: 'quarantined', detail: classification.detail, quarantineReason: classification.reason } };
    case 'bounce':
      return {
        result: { ...base, bounce: classification.report, state: 'bounce', outcome: 'bounce', detail: classification.detail, quarantineReason: null },
        bounced: { emailId: email.id, emailAccountId: email.emailAccountId, ...classification.report },
      };
    case 'announce':
      return {
        result: { ...base, state: 'announced', outcome: null, detail: null, quarantineReason: null },
        received: announcementOf({ ...email, mailbox: email.mailbox! }, { ...parsed, from: parsed.from!, automatic: classification.automatic }),
      };
  }
}
