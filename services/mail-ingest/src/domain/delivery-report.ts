/**
 * Delivery-status reports (RFC 3464, issue 11 §7): a `multipart/report; report-type=delivery-status`
 * is a bounce. mailparser folds the `message/delivery-status` part into the text and hands the
 * returned message over as an attachment, so the report's parts are read here from the raw MIME:
 * the first recipient block of the delivery-status part (Final-Recipient, Action, Status,
 * Diagnostic-Code) and the Message-ID of the returned message (`message/rfc822`) or of its headers
 * alone (`text/rfc822-headers`).
 */

export interface DeliveryReport {
  /** The Message-ID of the email the report answers, with angle brackets; null when the report does not quote it. */
  againstMessageId: string | null;
  recipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

/** Splits a header block from its body at the first empty line. */
function splitEntity(entity: Buffer): Part {
  const text = entity.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  const headerText = match ? text.slice(0, match.index) : text;
  const body = match ? entity.subarray(match.index + match[0].length) : Buffer.alloc(0);
  return { headers: parseHeaderBlock(headerText), body };
}

/** Header fields unfolded, names lower-cased, the first of each name kept. */
function parseHeaderBlock(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** A Content-Type's media type (lower-cased) and parameters (names lower-cased, quotes removed). */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (!value) return { type: 'text/plain', params: {} };
  const [type = '', ...rest] = splitOutsideQuotes(value, ';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[param.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === '\\' && quoted && i + 1 < value.length) {
      current += c + value[i + 1];
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** The body parts of a multipart entity, between its boundary lines (a missing closing boundary ends at the end). */
function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = -1;
  let offset = 0;
  const lines = text.split('\n');
  for (const line of lines) {
    const bare = line.replace(/\r$/, '');
    const lineStart = offset;
    offset += line.length + 1;
    if (bare.startsWith(delimiter)) {
      const closing = bare.slice(delimiter.length).startsWith('--');
      if (start >= 0) parts.push(body.subarray(start, Math.max(start, lineStart - (text[lineStart - 2] === '\r' ? 2 : 1))));
      if (closing) return parts;
      start = offset;
    }
  }
  if (start >= 0 && start < body.length) parts.push(body.subarray(start));
  return parts;
}

function decodeBody(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.body.toString('latin1').replace(/=\r?\n/g, '');
    return Buffer.from(text.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  }
  return part.body;
}

const MESSAGE_ID = /<[^<>\s]+>/;

/** The delivery report of a mail, or null when the mail is not a delivery-status report. */
export function readDeliveryReport(raw: Buffer): DeliveryReport | null {
  const top = splitEntity(raw);
  const contentType = parseContentType(top.headers.get('content-type'));
  if (contentType.type !== 'multipart/report' || (contentType.params['report-type'] ?? '').toLowerCase() !== 'delivery-status') return null;
  const report: DeliveryReport = { againstMessageId: null, recipient: null, action: null, status: null, diagnostic: null };
  const boundary = contentType.params.boundary;
  if (!boundary) return report;
  for (const entity of multipartParts(top.body, boundary)) {
    const part = splitEntity(entity);
    const type = parseContentType(part.headers.get('content-type')).type;
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      // Per-message fields first, then one block per recipient; the first recipient's block is the one reported.
      const blocks = decodeBody(part).toString('utf8').split(/\r?\n[ \t]*\r?\n/).map((block) => parseHeaderBlock(block.trim()));
      const recipientBlock = blocks.find((block) => block.has('final-recipient') || block.has('action') || block.has('status'));
      if (recipientBlock && report.recipient === null) {
        const finalRecipient = recipientBlock.get('final-recipient') ?? recipientBlock.get('original-recipient');
        report.recipient = finalRecipient ? cap(finalRecipient.replace(/^[^;]*;\s*/, '').replace(/^<|>$/g, '').trim(), 320) : null;
        report.action = cap(recipientBlock.get('action')?.toLowerCase() ?? null, 100);
        report.status = cap(recipientBlock.get('status')?.split(/\s/)[0] ?? null, 32);
        report.diagnostic = cap(recipientBlock.get('diagnostic-code') ?? null, 2000);
      }
    } else if ((type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/global' || type === 'message/global-headers') && report.againstMessageId === null) {
      const returned = splitEntity(decodeBody(part)).headers.get('message-id');
      const id = returned && MESSAGE_ID.exec(returned)?.[0];
      report.againstMessageId = id && id.length <= 1000 ? id : null;
    }
  }
  return report;
}

function cap(value: string | null, max: number): string | null {
  if (value === null || value === '') return null;
  return value.length > max ? value.slice(0, max) : value;
}
