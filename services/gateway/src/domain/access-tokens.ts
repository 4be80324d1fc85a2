import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';

const ALGORITHM = 'HS256';
const ISSUER = 'helpdesk-gateway';
const AUDIENCE = 'helpdesk-api';

export interface AccessTokenClaims {
  sub: string;
  kind: 'staff';
}

export function issueAccessToken(secret: string, ttlSeconds: number, claims: AccessTokenClaims): string {
  return jwt.sign({ kind: claims.kind }, secret, {
    algorithm: ALGORITHM,
    issuer: ISSUER,
    audience: AUDIENCE,
    subject: claims.sub,
    expiresIn: ttlSeconds,
  });
}

/** Checks signature, pinned algorithm, issuer, audience and expiry; anything else is a 401. */
export function verifyAccessToken(secret: string, token: string): AccessTokenClaims {
  try {
    const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE }) as jwt.JwtPayload;
    if (payload.kind !== 'staff' || typeof payload.sub !== 'string') throw new Error('unexpected claims');
    return { sub: payload.sub, kind: payload.kind };
  } catch {
    throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
  }
}
