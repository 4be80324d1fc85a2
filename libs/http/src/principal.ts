import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';
import { secretKey } from './secret-key.js';

import type { PermissionName } from './permissions.js';

/** Who is calling, as the gateway established it. */
export type Principal = StaffPrincipal | ContactPrincipal | ServicePrincipal;

export interface StaffPrincipal {
  kind: 'staff';
  userId: string;
  role: 'admin' | 'agent';
  /** Effective permissions: every one for an administrator. */
  permissions: PermissionName[];
  /**
   * The user's teams. The customers they reach follow from these teams' ticket access, which each
   * service resolves from its own projection of the teams (the list itself could outgrow a header).
   */
  teamIds: string[];
}

/** A portal contact: every query it causes is scoped by this customer id, never one from the request. */
export interface ContactPrincipal {
  kind: 'contact';
  contactId: string;
  customerId: string;
}

/** Another service calling an internal endpoint. */
export interface ServicePrincipal {
  kind: 'service';
  service: string;
}

export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion';
const ISSUER = 'helpdesk-gateway';
const AUDIENCE = 'helpdesk-services';
const ALGORITHM = 'HS256';

/**
 * The gateway vouches for a request with a short-lived token signed with the internal secret;
 * services trust nothing else, so a request that bypasses the gateway is refused.
 */
export function signGatewayAssertion(secret: string, principal: Principal): string {
  return jwt.sign({ principal }, secretKey(secret), { algorithm: ALGORITHM, issuer: ISSUER, audience: AUDIENCE, expiresIn: 60 });
}

export function verifyGatewayAssertion(secret: string, token: string | undefined): Principal {
  if (!token) throw new UnauthorizedError('This service is reached through the gateway only.');
  try {
    const payload = jwt.verify(token, secretKey(secret), { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE }) as { principal: Principal };
    return payload.principal;
  } catch {
    throw new UnauthorizedError('The gateway assertion is invalid or expired.');
  }
}
