import { keylessInvitationToken, linkToken, type LinkKeys, type LinkPurpose } from '@helpdesk/contracts-schema';

/**
 * The address of an emailed link: `<base>/<page>?token=…`, the token derived with the link key the
 * gateway named (an invitation issued before keys had ids names none: the current secret, keyless).
 * A key this service does not hold throws, so the email is retried (and dead-lettered) rather than
 * sent with a link that cannot work.
 */
export function emailedLink(keys: LinkKeys, base: string, page: string, purpose: LinkPurpose, id: string, keyId: string | undefined): string {
  const url = new URL(`${base.replace(/\/$/, '')}/${page}`);
  url.searchParams.set('token', keyId === undefined ? keylessInvitationToken(keys.current.secret, id) : linkToken(keys, purpose, id, keyId));
  return url.toString();
}

/** How an expiry reads in an email. */
export function readableExpiry(expiresAt: string): string {
  return expiresAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** The body of an email whose point is one link: the greeting, what it is for, the link on a line of its own, what else to know. */
export function linkEmailText(name: string, before: string[], link: string, after: string[]): string {
  return [`Hello ${name},`, '', ...before, '', `    ${link}`, '', ...after, '', 'Your support team'].join('\n');
}
