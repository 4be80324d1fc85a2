import { CLOCK_TOLERANCE_SECONDS } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { revokeSession } from '../persistence/revoked-session.repository.js';
import { verifyAccessToken } from './access-tokens.js';
import { SESSION_MAX_SECONDS } from './browser-sessions.js';
import type { TokenSettings } from './log-in.js';

/**
 * Signing out of a page: the session the cookie's token names is revoked in the database, so that the
 * token (and any renewal of it, which carries the same session) is refused from the next request on,
 * on every gateway, even from a copy of the cookie. The revocation is kept until the last token the
 * session could have has expired. The page's own token may have expired while a copy was kept renewed:
 * an expired token of ours still names its session. A token not of ours has nothing to end.
 */
export async function endBrowserSession(db: GatewayDatabase, tokens: TokenSettings, token: string | undefined): Promise<void> {
  if (token === undefined) return;
  let claims;
  try {
    claims = verifyAccessToken(tokens.secret, token, { expired: 'accepted' });
  } catch {
    return;
  }
  if (claims.sessionId === undefined) return;
  const lastExpiry = Math.max((claims.sessionStartedAt ?? claims.issuedAt) + SESSION_MAX_SECONDS, claims.issuedAt + tokens.ttlSeconds);
  await revokeSession(db.pool, claims.sessionId, new Date((lastExpiry + CLOCK_TOLERANCE_SECONDS) * 1000));
}
