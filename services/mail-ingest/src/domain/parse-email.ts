import { createHash, randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';
import { isStorableInstant } from '@helpdesk/validation';
import { automaticHeader, isOwnMailByLoopHeader, type AutomaticMark, type HeaderLine } from './automatic.js';
import { readDeliveryReport, type DeliveryReport } from './delivery-report.js';
import { normaliseContentId, sanitiseHtml } from './sanitise-html.js';

/**
 * What mail-ingest reads from an email's raw source (issue 11 §3): sender, recipients, threading
 * headers, the text and the SANITISED html (`cid:` images pointing at their attachments), the
 * attachments with their bytes, and what classifies it: the automatic header, the loop header, a
 * delivery report. Plain data (no class instances), so that it crosses from the parsing worker
 * thread as it is.
 */
export interface ParsedEmail {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** The decoded Subject header, "" when there is none. */
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The Date header (ISO 8601), null when missing or unreadable. */
  date: string | null;
  text: string;
  /** Sanitised; null when the email has no HTML body. */
  html: string | null;
  attachments: ParsedAttachment[];
  automatic: AutomaticMark | null;
  /** The value of X-Helpdesk-Loop, if any. */
  loopHeader: string | null;
  /** Set for a delivery-status report. */
  report: DeliveryReport | null;
  /** The raw header lines, for the classification (not stored). */
  headerLines: HeaderLine[];
}

export interface MailAddress {
  address: string;
  name: string | null;
}

export interface ParsedAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Shown in the body: Content-Disposition inline, or part of multipart/related. */
  inline: boolean;
  /** With angle brackets, as in the header; null when it has none. */
  contentId: string | null;
  sha256: Uint8Array;
  content: Uint8Array;
}

const MESSAGE_ID = /<[^<>\s]+>/g;
const maxReferences = 200;

/** The Message-IDs of a header value, each with its angle brackets, at most 1000 characters. */
function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return (text.match(MESSAGE_ID) ?? []).filter((id) => id.length <= 1000);
}

const maxAddressLength = 320;
const DOMAIN = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$/;
const IPV4_LITERAL = /^\[(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\]$/;
const IPV6_LITERAL = /^\[ipv6:[0-9a-f:.]+\]$/;

/**
 * An address as mail-ingest passes it on (review item 1): the domain to ASCII (punycode, by node's
 * WHATWG `domainToASCII`) and lower case, the local part exactly as written (it may be quoted or
 * UTF-8, RFC 6532). mailparser decodes punycode domains to Unicode (`b@xn--mnchen-3ya.example` comes
 * back as `b@münchen.example`); customers keep domains in ASCII, so this turns them back. A domain
 * literal (`[192.0.2.1]`, `[IPv6:…]`) is kept, lower case. Null when there is no local part, no
 * domain, a domain that is not one (percent-escapes, invalid punycode, empty labels), or more than
 * 320 characters after normalising.
 */
export function normaliseAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const local = address.slice(0, at);
  const written = address.slice(at + 1).trim().toLowerCase();
  let domain: string;
  if (written.startsWith('[')) {
    if (!IPV4_LITERAL.test(written) && !IPV6_LITERAL.test(written)) return null;
    domain = written;
  } else {
    // domainToASCII would read percent-escapes and URL syntax; a mail domain has none.
    if (/[%/\\?#@:[\]\s]/.test(written)) return null;
    domain = domainToASCII(written).toLowerCase();
    if (!DOMAIN.test(domain)) return null;
  }
  const normalised = `${local}@${domain}`;
  return normalised.length <= maxAddressLength ? normalised : null;
}

function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const flatten = (list: EmailAddress[]): EmailAddress[] => list.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  const result: MailAddress[] = [];
  for (const entry of flatten(objects.flatMap((object) => object.value))) {
    if (result.length >= 1000) break;
    const address = typeof entry.address === 'string' && entry.address.length <= 2 * maxAddressLength ? normaliseAddress(entry.address) : null;
    if (address) result.push({ address, name: entry.name ? entry.name.slice(0, 500) : null });
  }
  return result;
}

function extension(contentType: string): string {
  const sub = contentType.split('/')[1] ?? '';
  return /^[a-z0-9]{1,10}$/i.test(sub) ? `.${sub.toLowerCase()}` : '';
}

/**
 * Parses an email with mailparser (the caller bounds its size and time) and sanitises its HTML.
 * Throws what mailparser throws for a message it cannot read at all.
 */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await simpleParser(raw, { keepCidLinks: true, checksumAlgo: false, skipImageLinks: true });
  const headerLines: HeaderLine[] = parsed.headerLines.map((line) => ({ key: line.key, line: line.line }));

  const attachments: ParsedAttachment[] = parsed.attachments.map((attachment, index) => {
    const content = attachment.content;
    const contentType = (attachment.contentType || 'application/octet-stream').slice(0, 255);
    const contentId = attachment.contentId ? attachment.contentId.trim() : attachment.cid ? `<${attachment.cid}>` : null;
    return {
      id: randomUUID(),
      filename: (attachment.filename?.trim() || `attachment-${index + 1}${extension(contentType)}`).slice(0, 500),
      contentType,
      size: content.length,
      inline: attachment.contentDisposition === 'inline' || attachment.related === true,
      contentId: contentId && contentId.length <= 1000 ? contentId : null,
      sha256: createHash('sha256').update(content).digest(),
      content,
    };
  });

  const images = new Map<string, string>();
  for (const attachment of attachments) if (attachment.contentId) images.set(normaliseContentId(attachment.contentId), attachment.id);
  const html = typeof parsed.html === 'string' && parsed.html.trim() !== '' ? sanitiseHtml(parsed.html, images) : null;

  const from = addresses(parsed.from)[0] ?? null;
  // A Date header no database can store (the year 0, or past 9999) is as good as none: the email is still filed.
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) && isStorableInstant(parsed.date.toISOString()) ? parsed.date.toISOString() : null;
  const references = messageIds(parsed.references);
  const loop = headerLines.find((line) => line.key === 'x-helpdesk-loop');
  return storable({
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    messageId: messageIds(parsed.messageId)[0] ?? null,
    inReplyTo: messageIds(parsed.inReplyTo)[0] ?? null,
    // The newest are the last: a long chain keeps its end.
    references: references.slice(-maxReferences),
    date,
    text: parsed.text ?? '',
    html,
    attachments,
    automatic: automaticHeader(headerLines),
    loopHeader: loop ? loop.line.slice(loop.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : null,
    report: readDeliveryReport(raw),
    headerLines,
  });
}

// PostgreSQL's text and jsonb hold neither NUL nor a lone UTF-16 surrogate (damaged mail decodes to
// them: a UTF-16 word cut in half, an encoded NUL), and an email that cannot be stored cannot be filed.
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without NUL, each lone surrogate replaced by U+FFFD (what a decoder writes for bytes it cannot read). */
export function storableText(text: string): string {
  return text.replace(unstorable, (found) => (found === '\u0000' ? '' : '\uFFFD'));
}

/** Every string of a parsed email made storable (storableText); bytes (attachments, digests) as they are. */
function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storable(item)])) as T;
  }
  return value;
}

/** What the processor does with a parsed email. */
export type Classification =
  | { kind: 'own-mail'; detail: string }
  | { kind: 'bounce'; report: DeliveryReport; detail: string }
  | { kind: 'quarantined'; reason: 'no-sender'; detail: string }
  | { kind: 'announce'; automatic: AutomaticMark | null };

/**
 * The order (corpus README, decided): the system's own mail by its loop header first (it is never
 * re-imported, whatever else it is), then a delivery-status report (recorded as a bounce, never a
 * ticket), then a mail without a usable sender (quarantined); anything else is announced to the
 * tickets service, automatic or not. Own mail by Message-ID is the tickets service's call (it keeps
 * the Message-IDs the system issued).
 */
export function classifyEmail(email: Pick<ParsedEmail, 'from' | 'report' | 'automatic' | 'headerLines'>, systemDomain: string): Classification {
  if (isOwnMailByLoopHeader(email.headerLines, systemDomain)) return { kind: 'own-mail', detail: `Sent by this helpdesk: it carries X-Helpdesk-Loop: ${systemDomain}. Never imported.` };
  if (email.report) {
    const { againstMessageId, recipient, status } = email.report;
    return {
      kind: 'bounce',
      report: email.report,
      detail: `Delivery-status report: ${againstMessageId ?? 'an email it does not quote'} was not delivered${recipient ? ` to ${recipient}` : ''}${status ? ` (status ${status})` : ''}. Never a ticket.`,
    };
  }
  if (!email.from) return { kind: 'quarantined', reason: 'no-sender', detail: 'The email has no sender address (no usable From header).' };
  return { kind: 'announce', automatic: email.automatic };
}
