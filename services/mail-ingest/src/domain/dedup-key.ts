import { createHash } from 'node:crypto';

/**
 * What makes two deliveries the same email on one account (issue 11 §5, corpus README
 * "Deduplication"), computed from the raw source before any parsing:
 *
 * - `mid:<Message-ID>` when the header holds one: the first `<…>` of the first Message-ID header,
 *   angle brackets kept, whitespace and folding removed, the domain part lower-cased (domains are
 *   case-insensitive, local parts are not, RFC 5322 §3.6.4);
 * - otherwise `hash:<sha256 hex>` of the headers the sending side wrote — From, To, Cc, Subject and
 *   Date, each unfolded with runs of whitespace made one space, in that order, every occurrence —
 *   and the SHA-256 of the body (line ends made CRLF, trailing blank lines dropped). Received,
 *   Delivered-To, Return-Path and the like, which each delivery adds, are left out, so a second
 *   delivery of the same email gets the same key.
 *
 * The key is at most 1,100 characters (the column): an absurdly long Message-ID falls back to the hash.
 */
export function dedupKey(raw: Buffer): { key: string; messageId: string | null } {
  const { headers, body } = splitMessage(raw);
  const messageId = normaliseMessageId(headerValues(headers, 'message-id')[0]);
  if (messageId && messageId.length <= 1000) return { key: `mid:${messageId}`, messageId };
  const hash = createHash('sha256');
  for (const name of ['from', 'to', 'cc', 'subject', 'date']) {
    for (const value of headerValues(headers, name)) hash.update(`${name}:${value}\r\n`);
  }
  hash.update(`body:${createHash('sha256').update(normaliseBody(body)).digest('hex')}`);
  return { key: `hash:${hash.digest('hex')}`, messageId: messageId && messageId.length <= 1000 ? messageId : null };
}

/** `<local@domain>` with the domain lower-cased; null when the value holds no `<…@…>` (or `<…>`) id. */
export function normaliseMessageId(value: string | undefined): string | null {
  if (value === undefined) return null;
  const match = /<([^<>]+)>/.exec(value.replace(/\s+/g, ''));
  const inner = match?.[1] ?? value.replace(/\s+/g, '');
  if (!inner) return null;
  const at = inner.lastIndexOf('@');
  return at < 0 ? `<${inner}>` : `<${inner.slice(0, at)}@${inner.slice(at + 1).toLowerCase()}>`;
}

/** The header block (text, latin1 so bytes stay bytes) and the body bytes; a source with no blank line is all header. */
function splitMessage(raw: Buffer): { headers: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let end = -1;
  let skip = 0;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) [end, skip] = [crlf, 4];
  else if (lf >= 0) [end, skip] = [lf, 2];
  if (end < 0) return { headers: raw.toString('latin1'), body: Buffer.alloc(0) };
  return { headers: raw.subarray(0, end).toString('latin1'), body: raw.subarray(end + skip) };
}

/** Every value of a header, unfolded and with whitespace runs made one space, trimmed. */
function headerValues(headers: string, name: string): string[] {
  const values: string[] = [];
  for (const field of headers.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0 || field.slice(0, colon).trim().toLowerCase() !== name) continue;
    values.push(field.slice(colon + 1).replace(/\s+/g, ' ').trim());
  }
  return values;
}

function normaliseBody(body: Buffer): Buffer {
  return Buffer.from(body.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, ''), 'latin1');
}
