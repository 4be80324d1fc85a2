// Addresses as mail-ingest hands them on (review of integ, item 1): mailparser decodes a punycode
// domain to Unicode (b@xn--mnchen-3ya.example comes back as b@münchen.example), which no customer
// domain, contact or event schema matches. parseEmail normalises every address once: the domain to
// ASCII (punycode) and lower case, the local part as written; an address whose domain cannot be
// normalised is dropped, and a From without a usable address is no sender (quarantined no-sender).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyEmail, normaliseAddress, parseEmail } from '../src/domain/parse-email.js';

/** Written as the corpus writes its messages: LF in the file, CRLF on the wire. */
const fixture = (name: string) => Buffer.from(readFileSync(join(__dirname, 'fixtures', name), 'utf8').replace(/\r?\n/g, '\r\n'), 'utf8');

describe('the addresses of an inbound email', () => {
  it('an IDN domain (punycode on the wire, decoded by mailparser) stays or returns to punycode, lower case, the local part kept', async () => {
    const email = await parseEmail(fixture('idn-domain.eml'));
    expect(email.from).toEqual({ address: 'Juergen.Maier@xn--mnchen-3ya.example', name: 'Jürgen Maier' });
    expect(email.to).toEqual([
      { address: 'support@helpdesk.example', name: 'Support' },
      { address: 'b@xn--mnchen-3ya.example', name: null },
    ]);
    // Written in Unicode (RFC 6532) or with a quoted or UTF-8 local part: kept, the domain normalised.
    // A domain that is not a domain (percent-escapes, invalid punycode) and a domain literal that is
    // not an IPv4 address are dropped, never passed on half-read.
    expect(email.cc).toEqual([
      { address: 'c@xn--mnchen-3ya.example', name: null },
      { address: '"john doe"@acme.example', name: null },
      { address: 'jürgen@acme.example', name: null },
      { address: 'e@[192.0.2.1]', name: null },
    ]);
    expect(classifyEmail(email, 'helpdesk.example')).toEqual({ kind: 'announce', automatic: null });
  });

  it('a From whose address cannot be normalised means no usable sender: quarantined no-sender', async () => {
    const raw = Buffer.from('From: Someone <someone@xn--zz.example>\r\nTo: support@helpdesk.example\r\nSubject: who\r\n\r\nbody\r\n');
    const email = await parseEmail(raw);
    expect(email.from).toBeNull();
    expect(classifyEmail(email, 'helpdesk.example')).toMatchObject({ kind: 'quarantined', reason: 'no-sender' });
  });

  it.each([
    ['Anna.Berg@ACME.Example', 'Anna.Berg@acme.example'],
    ['info@müller.example', 'info@xn--mller-kva.example'],
    ['info@XN--MLLER-KVA.EXAMPLE', 'info@xn--mller-kva.example'],
    ['x@[192.0.2.1]', 'x@[192.0.2.1]'],
    ['x@[IPv6:2001:DB8::1]', 'x@[ipv6:2001:db8::1]'],
  ])('normalises %s to %s', (input, output) => {
    expect(normaliseAddress(input)).toBe(output);
  });

  it.each(['no-at-sign', '@acme.example', 'a@', 'a@acme%2eexample', 'a@xn--zz.example', 'a@acme..example', 'a@[not-an-address]', `${'a'.repeat(300)}@${'b'.repeat(30)}.example`])(
    'refuses %s',
    (input) => {
      expect(normaliseAddress(input)).toBeNull();
    },
  );
});
