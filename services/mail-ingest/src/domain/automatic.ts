import { loopHeaderName } from '@helpdesk/contracts-schema';
/**
 * Automatic mail (issue 11 §7, corpus README "Automatic mail"): the first of these headers that
 * applies marks a mail automatic; the order only decides which header the record names. Automatic
 * mail opens and joins tickets as any mail, and nothing ever answers it.
 */

/** A header line as mailparser keeps it: the lower-cased name and the whole line, folded as sent. */
export interface HeaderLine {
  key: string;
  line: string;
}

export interface AutomaticMark {
  header: 'Auto-Submitted' | 'X-Autoreply' | 'X-Auto-Response-Suppress' | 'Precedence' | 'List-Id' | 'Return-Path';
  value: string;
}

/** A raw header's value, unfolded and trimmed (the first one when it repeats); undefined when it is absent. */
export function rawHeader(headerLines: readonly HeaderLine[], name: string): string | undefined {
  const line = headerLines.find((header) => header.key === name.toLowerCase());
  return line === undefined ? undefined : line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

const checks: ReadonlyArray<readonly [AutomaticMark['header'], (value: string) => boolean]> = [
  ['Auto-Submitted', (value) => !/^no\b/i.test(value)],
  ['X-Autoreply', (value) => value !== ''],
  ['X-Auto-Response-Suppress', (value) => value !== ''],
  ['Precedence', (value) => /^(bulk|list|junk)\b/i.test(value)],
  ['List-Id', () => true],
  ['Return-Path', (value) => value === '<>' || value === ''],
];

/** Why the mail is automatic (the first header of the order that applies), or null. */
export function automaticHeader(headerLines: readonly HeaderLine[]): AutomaticMark | null {
  for (const [header, applies] of checks) {
    const value = rawHeader(headerLines, header);
    if (value !== undefined && applies(value)) return { header, value: value.slice(0, 1000) };
  }
  return null;
}

/** The system's own mail carries `X-Helpdesk-Loop: <the domain of the system's Message-IDs>` (any case). */
export function isOwnMailByLoopHeader(headerLines: readonly HeaderLine[], systemDomain: string): boolean {
  const value = rawHeader(headerLines, loopHeaderName);
  return value !== undefined && value.toLowerCase() === systemDomain.toLowerCase();
}
