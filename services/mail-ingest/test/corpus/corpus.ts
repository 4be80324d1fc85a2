// Reads the email corpus and renders a case's message for delivery: placeholders substituted with the
// values of the run (ticket numbers, Message-IDs the system issued), generated parts filled in, and
// line ends made CRLF as IMAP APPEND and SMTP carry them. Used by the corpus's own check and by the
// ingest tests that deliver each case to Dovecot.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileParser } from '@helpdesk/validation';
import { ExpectedCase, World } from './expected.schema.js';

export const corpusDir = __dirname;

export interface CorpusCase {
  /** The folder name, `NN-short-name`. */
  name: string;
  /** message.eml as committed (LF line ends, placeholders in place). */
  source: Buffer;
  expected: ExpectedCase;
}

/** What only the run knows: each given ticket's number and the Message-ID of an email the system sent for it. */
export interface RunValues {
  tickets: Record<string, { number: number | string; messageId: string }>;
  /** The size cap the service runs with; oversized cases are generated past it. */
  maxMessageBytes: number;
}

const parseWorld = compileParser(World, 'corpus world.json');
const parseExpected = compileParser(ExpectedCase, 'expected.json');

export function loadWorld(): World {
  return parseWorld(JSON.parse(readFileSync(path.join(corpusDir, 'world.json'), 'utf8')));
}

/** Every case, in folder order; an expected.json that does not fit the schema throws, naming the case. */
export function loadCorpus(): CorpusCase[] {
  return readdirSync(corpusDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(corpusDir, name);
      let expected: ExpectedCase;
      try {
        expected = parseExpected(JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')));
      } catch (error) {
        throw new Error(`${name}/expected.json: ${(error as Error).message}`);
      }
      return { name, source: readFileSync(path.join(dir, 'message.eml')), expected };
    });
}

const PLACEHOLDER = /\{\{([A-Za-z0-9]+)\.([A-Za-z]+)\}\}/g;

/** The placeholders a text holds, e.g. ['T1.number', 'T1.messageId', 'generated.links']. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => `${m[1]}.${m[2]}`))];
}

/** Substitutes the ticket placeholders of a text (message or expected value). */
export function substitute(text: string, values: RunValues): string {
  return text.replace(PLACEHOLDER, (whole, owner: string, field: string) => {
    if (owner === 'generated') return whole;
    const ticket = values.tickets[owner];
    if (!ticket) throw new Error(`no run value for ${owner} (placeholder ${whole})`);
    if (field === 'number') return String(ticket.number);
    if (field === 'messageId') return ticket.messageId;
    throw new Error(`unknown placeholder ${whole}`);
  });
}

/** `count` list items with a link each, as a person pasting a long list would send them. */
export function generatedLinks(count: number): string {
  const lines: string[] = [];
  for (let n = 1; n <= count; n += 1) lines.push(`<li><a href="https://intranet.globex.example/page/${n}">Page ${n}</a></li>`);
  return lines.join('\n');
}

const PADDING_LINE = Buffer.alloc(57, 'video').toString('base64'); // 76 characters, as base64 lines are

/**
 * The message as it is delivered: placeholders substituted, generated parts filled in, CRLF line
 * ends. Works on bytes (latin1 keeps every byte as it is): the non-UTF-8 cases stay byte-exact.
 */
export function renderMessage(corpusCase: CorpusCase, values: RunValues): Buffer {
  let text = substitute(corpusCase.source.toString('latin1'), values).replace(/\r?\n/g, '\r\n');
  const generate = corpusCase.expected.generate ?? {};
  if (generate.links !== undefined) text = text.replace('{{generated.links}}', generatedLinks(generate.links).replace(/\n/g, '\r\n'));
  if (generate.oversizeBy !== undefined) {
    const without = Buffer.byteLength(text.replace('{{generated.padding}}', ''), 'latin1');
    const missing = values.maxMessageBytes + generate.oversizeBy - without;
    const lines = Math.max(1, Math.ceil((missing + 2) / (PADDING_LINE.length + 2)));
    text = text.replace('{{generated.padding}}', Array.from({ length: lines }, () => PADDING_LINE).join('\r\n'));
  }
  if (text.includes('{{generated.')) throw new Error(`${corpusCase.name}: a generated placeholder has no "generate" option`);
  return Buffer.from(text, 'latin1');
}
