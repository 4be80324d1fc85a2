import { domainToASCII } from 'node:url';
import { ValidationError, type FieldProblem } from '@helpdesk/errors';

/** At most this many domains per customer (the event schema caps the list there too). */
export const maxEmailDomains = 100;

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * One email domain as stored: trimmed, lower case, without a trailing dot, internationalised names in
 * their ASCII (punycode) form; undefined when it is no hostname (at least two labels of letters,
 * digits and inner hyphens, a top-level label that is not all digits, 253 characters at most).
 * Whether it is a freemail domain is the administrator's business: nothing here knows.
 */
export function normaliseEmailDomain(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '').toLowerCase();
  if (trimmed === '' || trimmed.includes('@')) return undefined;
  const ascii = /^[\x00-\x7f]*$/.test(trimmed) ? trimmed : domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => label.test(l)) || /^\d+$/.test(labels.at(-1)!)) return undefined;
  return ascii;
}

/** The list as stored: each one normalised, repeats dropped (first occurrence kept); one 400 naming every bad entry. */
export function normaliseEmailDomains(input: readonly string[]): string[] {
  const problems: FieldProblem[] = [];
  const domains: string[] = [];
  input.forEach((raw, index) => {
    const domain = normaliseEmailDomain(raw);
    if (domain === undefined) problems.push({ pointer: `/emailDomains/${index}`, message: 'is not a domain name (like example.com)' });
    else if (!domains.includes(domain)) domains.push(domain);
  });
  if (problems.length > 0) {
    throw new ValidationError(`${problems.length === 1 ? 'An email domain is' : 'Some email domains are'} not a domain name: ${problems.map((p) => JSON.stringify(input[Number(p.pointer.split('/')[2])])).join(', ')}.`, problems);
  }
  if (domains.length > maxEmailDomains) {
    throw new ValidationError(`A customer has at most ${maxEmailDomains} email domains; this list has ${domains.length}.`, [{ pointer: '/emailDomains', message: `has more than ${maxEmailDomains} domains` }]);
  }
  return domains;
}
