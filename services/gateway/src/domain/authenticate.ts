import { allPermissionNames, type Principal } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { findStaffUser } from '../persistence/staff-user.repository.js';
import { verifyAccessToken } from './access-tokens.js';
import { UnauthorizedError } from '@helpdesk/errors';

/**
 * Bearer token -> who is calling. The user is read on every request, so a deactivated user or a
 * changed role takes effect at once rather than when the token expires.
 */
export async function authenticate(db: GatewayDatabase, secret: string, authorization: string | undefined): Promise<Principal> {
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new UnauthorizedError('Send the access token from POST /api/auth/login as "Authorization: Bearer <token>".');
  const claims = verifyAccessToken(secret, match[1]!);
  const user = await findStaffUser(db.client, claims.sub);
  if (!user || !user.active) throw new UnauthorizedError('This account is no longer active.');
  const role = user.role === 'admin' ? 'admin' : 'agent';
  return { kind: 'staff', userId: user.id, role, permissions: role === 'admin' ? allPermissionNames : [], customerAccess: role === 'admin' ? 'all' : [] };
}
