import { UnauthorizedError } from '@helpdesk/errors';
import type { Principal } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { findPortalSignIn } from '../persistence/contact-account.repository.js';
import { findStaffAccess } from '../persistence/staff-user.repository.js';
import { verifyAccessToken, type VerifiedAccessToken } from './access-tokens.js';
import { effectivePermissions } from './effective-access.js';
import { PortalDisabledError } from './errors.js';

const revoked = () => new UnauthorizedError('This sign-in is no longer valid: sign in again.');

/** The token of an `Authorization: Bearer` header; anything else there is a 401 that says what to send. */
export function bearerTokenOf(authorization: string | undefined): string {
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('Send the access token from the sign-in as "Authorization: Bearer <token>".');
  return match[1]!;
}

/**
 * Access token -> who is calling, and what the token says (its session, when it was issued). The
 * account is read on every request, so that deactivating a user, moving a contact or revoking portal access takes effect on the very next request, on every gateway:
 * one statement on the pool, no cache (a cache would need invalidation across gateways to keep that).
 * The same statement says whether a portal app is enabled (while none is, a valid portal token gets 403)
 * and whether the token's browser session was ended by signing out.
 */
export async function authenticate(db: GatewayDatabase, secret: string, token: string): Promise<{ principal: Principal; claims: VerifiedAccessToken }> {
  const claims = verifyAccessToken(secret, token);
  if (claims.kind === 'contact') {
    const account = await findPortalSignIn(db.pool, claims.sub, claims.sessionId);
    if (!account || account.sessionRevoked || account.status !== 'active' || account.tokenVersion !== claims.tokenVersion || account.customerId !== claims.customerId) {
      throw revoked();
    }
    // Email-only mode: the token is still valid (disabling revokes nothing), but the portal is closed.
    if (!account.portalEnabled) throw new PortalDisabledError();
    return { principal: { kind: 'contact', contactId: account.contactId, customerId: account.customerId }, claims };
  }
  const user = await findStaffAccess(db.pool, claims.sub, claims.sessionId);
  if (!user || user.sessionRevoked || !user.active || user.tokenVersion !== claims.tokenVersion) throw revoked();
  return {
    principal: {
      kind: 'staff',
      userId: user.id,
      role: user.role === 'admin' ? 'admin' : 'agent',
      permissions: effectivePermissions(user.role, user.permissions),
      teamIds: user.teamIds,
    },
    claims,
  };
}
