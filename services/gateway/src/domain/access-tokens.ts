import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';
import { secretKey } from '@helpdesk/http';

const ALGORITHM = 'HS256';
const ISSUER = 'helpdesk-gateway';
const AUDIENCE = 'helpdesk-api';

export interface AccessTokenClaims {
  sub: string;
  kind: 'staff';
}

export function issueAccessToken(secret: string, ttlSeconds: number, claims: AccessTokenClaims): string {
  return jwt.sign({ kind: claims.kind }, secretKey(secret), {
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
    const payload = jwt.verify(token, secretKey(secret), { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE }) as jwt.JwtPayload;
    if (payload.kind !== 'staff' || typeof payload.sub !== 'string') throw new Error('unexpected claims');
    return { sub: payload.sub, kind: payload.kind };
  } catch {
    throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
  }
}
