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
 *
 * Cost (review i11, item 7): it runs on the fetcher's event loop, so nothing here makes the whole
 * source a string. At most the first `headerScanBytes` (1 MiB) of the header block are read, split
 * into fields once; the body is hashed line by line straight from the bytes. `body: false` leaves
 * the body out (a message over the fetch ceiling, of which only the start was fetched).
 */
export const headerScanBytes = 1024 * 1024;

export function dedupKey(raw: Buffer, options: { body?: boolean } = {}): { key: string; messageId: string | null } {
  const { headers, body } = splitMessage(raw);
  const fields = headerFields(headers);
  const messageId = normaliseMessageId(fields.get('message-id')?.[0]);
  if (messageId && messageId.length <= 1000) return { key: `mid:${messageId}`, messageId };
  const hash = createHash('sha256');
  for (const name of ['from', 'to', 'cc', 'subject', 'date']) {
    for (const value of fields.get(name) ?? []) hash.update(`${name}:${value}\r\n`);
  }
  if (options.body !== false) hash.update(`body:${hashBody(body)}`);
  return { key: `hash:${hash.digest('hex')}`, messageId: null };
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

/**
 * The header block (its first `headerScanBytes` only, as latin1 text so bytes stay bytes) and the
 * body bytes; a source with no blank line is all header (and has no body).
 */
function splitMessage(raw: Buffer): { headers: string; body: Buffer } {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let end = -1;
  let skip = 0;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) [end, skip] = [crlf, 4];
  else if (lf >= 0) [end, skip] = [lf, 2];
  const headerEnd = end < 0 ? raw.length : end;
  const headers = raw.subarray(0, Math.min(headerEnd, headerScanBytes)).toString('latin1');
  return { headers, body: end < 0 ? Buffer.alloc(0) : raw.subarray(end + skip) };
}

/** Every header by lower-cased name, its values in order, each unfolded with whitespace runs made one space, trimmed. */
function headerFields(headers: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const field of headers.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const values = fields.get(name) ?? [];
    values.push(field.slice(colon + 1).replace(/\s+/g, ' ').trim());
    fields.set(name, values);
  }
  return fields;
}

/**
 * SHA-256 (hex) of the body with every line end made CRLF and trailing blank lines dropped, read
 * from the bytes line by line (the same as `body.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '')`).
 */
function hashBody(body: Buffer): string {
  const hash = createHash('sha256');
  const crlf = Buffer.from('\r\n');
  // Line ends held back until more text follows: trailing ones are never hashed.
  let pending = 0;
  let start = 0;
  for (;;) {
    const lf = body.indexOf(0x0a, start);
    const last = lf < 0;
    let line = body.subarray(start, last ? body.length : lf);
    if (!last && line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    if (line.length > 0) {
      for (; pending > 0; pending -= 1) hash.update(crlf);
      hash.update(line);
    }
    if (last) break;
    pending += 1;
    start = lf + 1;
  }
  return hash.digest('hex');
}
