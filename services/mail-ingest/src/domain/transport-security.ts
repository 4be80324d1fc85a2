import { BlockList, isIP } from 'node:net';
import { ValidationError, type FieldProblem } from '@helpdesk/errors';
import type { EmailAccountInput } from './email-account.js';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Whether a host is this machine's loopback (127.0.0.0/8, ::1, localhost): the only place a secret
 * may travel unencrypted, since it never leaves the host. Names are not resolved: "localhost" is
 * taken at its word, any other name is remote.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && loopback.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Secrets never cross the network in clear text: IMAP without TLS only to a server on this host,
 * and an OAuth2 token endpoint (which receives the refresh token and client secret) only over
 * https, or http on this host (a local proxy, a test stand-in).
 */
export function requireEncryptedTransport(input: Pick<EmailAccountInput, 'host' | 'tlsMode' | 'oauth2'>): void {
  const problems: FieldProblem[] = [];
  if (input.tlsMode === 'none' && !isLoopbackHost(input.host)) {
    problems.push({ pointer: '/tlsMode', message: 'may be "none" only for a server on this host (127.0.0.1, ::1, localhost): choose tls (port 993) or starttls (port 143)' });
  }
  if (input.oauth2) {
    const url = URL.canParse(input.oauth2.tokenEndpoint) ? new URL(input.oauth2.tokenEndpoint) : undefined;
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
      problems.push({ pointer: '/oauth2/tokenEndpoint', message: 'must be https:// (http:// only for a token endpoint on this host): it receives the refresh token and client secret' });
    }
  }
  if (problems.length > 0) {
    throw new ValidationError('The account was not saved: its secrets would cross the network unencrypted. Use TLS for a mail server on another host, and an https:// token endpoint.', problems);
  }
}
