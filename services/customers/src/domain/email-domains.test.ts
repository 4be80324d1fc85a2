import { ValidationError } from '@helpdesk/errors';
import { normaliseEmailDomain, normaliseEmailDomains } from './email-domains';

describe('email domains', () => {
  it('stores a domain trimmed, in lower case, without a trailing dot, IDNs in punycode', () => {
    expect(normaliseEmailDomain('  Acme.EXAMPLE. ')).toBe('acme.example');
    expect(normaliseEmailDomain('mail.globex-mail.example')).toBe('mail.globex-mail.example');
    expect(normaliseEmailDomain('müller-söhne.example')).toBe('xn--mller-shne-kcb9d.example');
  });

  it.each(['', 'acme', 'anna@acme.example', '-acme.example', 'acme-.example', 'ac me.example', 'acme..example', '10.0.0.1', `${'a'.repeat(64)}.example`, 'acme.example/x'])(
    'refuses %j',
    (input) => expect(normaliseEmailDomain(input)).toBeUndefined(),
  );

  it('drops repeats after normalising, keeping the first', () => {
    expect(normaliseEmailDomains(['acme.example', 'ACME.example', 'globex.example', 'acme.example.'])).toEqual(['acme.example', 'globex.example']);
  });

  it('names every bad entry by its index', () => {
    try {
      normaliseEmailDomains(['acme.example', 'not a domain', 'x@y.example']);
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems?.map((p) => p.pointer)).toEqual(['/emailDomains/1', '/emailDomains/2']);
    }
  });

  it('allows 100 distinct domains and refuses 101', () => {
    const domains = (n: number) => Array.from({ length: n }, (_, i) => `d${i}.example`);
    expect(normaliseEmailDomains(domains(100))).toHaveLength(100);
    expect(() => normaliseEmailDomains(domains(101))).toThrow(ValidationError);
    // Repeats do not count against the cap.
    expect(normaliseEmailDomains([...domains(100), ...domains(100)])).toHaveLength(100);
  });
});
