import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '@helpdesk/errors';
import { CSRF_HEADER, secretKey } from '@helpdesk/http';

/** A new browser session's id: carried by every token of the session, renewed or not. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The session's CSRF token, derived from its id and the signing secret: nothing to store, the same
 * on every gateway, and unknowable to another site (which can neither read the cookie nor our answers).
 */
export function csrfTokenOf(secret: string, sessionId: string): string {
  return createHmac('sha256', csrfKeyOf(secret)).update(sessionId).digest('base64url');
}

/** A key of its own for CSRF tokens, derived from the signing secret (as device-trust.ts derives its own). */
function csrfKeyOf(secret: string): Buffer {
  return createHmac('sha256', secretKey(secret)).update('helpdesk csrf token key').digest();
}

/**
 * How long a browser session lasts in all, however often its token is renewed: a working day and a
 * half. After it the person signs in again (a session must not live for ever on a shared machine).
 */
export const SESSION_MAX_SECONDS = 12 * 60 * 60;

const refused = (why: string) => new ForbiddenError(why);

/** Refuses a request that changes something under the session cookie without the session's CSRF token. */
export function checkCsrfToken(secret: string, sessionId: string | undefined, sent: string | undefined): void {
  const expected = sessionId === undefined ? undefined : Buffer.from(csrfTokenOf(secret, sessionId));
  const given = Buffer.from(sent ?? '');
  if (expected === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw refused(`This request changes something and must carry the session's CSRF token in the ${CSRF_HEADER} header: reload the page and try again.`);
  }
}

/**
 * Refuses a request another site started: browsers name the initiator in Sec-Fetch-Site (and Origin).
 * Guards the sign-in (a session cookie set by another site's form, "login CSRF") and every cookie
 * request that changes something, beside the CSRF token and SameSite=Strict.
 */
export function checkSameOrigin(headers: { fetchSite?: string; origin?: string; host?: string }): void {
  if (headers.fetchSite !== undefined && headers.fetchSite !== 'same-origin' && headers.fetchSite !== 'none') {
    throw refused('This request came from another site and is refused: use the helpdesk\'s own pages.');
  }
  if (headers.origin !== undefined && headers.origin !== 'null') {
    let originHost: string | undefined;
    try {
      originHost = new URL(headers.origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost !== headers.host) throw refused('This request came from another site and is refused: use the helpdesk\'s own pages.');
  } else if (headers.origin === 'null') {
    throw refused('This request came from an opaque origin and is refused: use the helpdesk\'s own pages.');
  }
}
