/**
 * The pages' browser session (services/gateway/src/domain/browser-sessions.ts), declared once for the
 * gateway that keeps it and the API description that tells clients of it (libs/openapi).
 *
 * A browser holds its access token in this cookie, never where a script could read it: HttpOnly,
 * Secure (browsers accept it over plain HTTP on localhost only), SameSite=Strict, the whole origin
 * (`__Host-` makes the browser refuse it with a Domain or without Secure).
 */
export const SESSION_COOKIE = '__Host-helpdesk_session';

/**
 * The header a page sends with every request that changes something, with the value the session gave
 * it. Header names are case-insensitive: node gives them lower-cased, the description shows this spelling.
 */
export const CSRF_HEADER = 'X-CSRF-Token';
