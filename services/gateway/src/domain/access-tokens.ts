import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';
import { CLOCK_TOLERANCE_SECONDS, secretKey } from '@helpdesk/http';

const ALGORITHM = 'HS256';
const ISSUER = 'helpdesk-gateway';
const AUDIENCE = 'helpdesk-api';

/** Staff tokens name the user; portal tokens also carry the customer and the account's token version. */
export type AccessTokenClaims =
  | { kind: 'staff'; sub: string }
  | { kind: 'contact'; sub: string; customerId: string; tokenVersion: number };

export function issueAccessToken(secret: string, ttlSeconds: number, claims: AccessTokenClaims): string {
  const payload = claims.kind === 'staff' ? { kind: 'staff' } : { kind: 'contact', cid: claims.customerId, ver: claims.tokenVersion };
  return jwt.sign(payload, secretKey(secret), { algorithm: ALGORITHM, issuer: ISSUER, audience: AUDIENCE, subject: claims.sub, expiresIn: ttlSeconds });
}

/** Checks signature, pinned algorithm, issuer, audience and expiry (a few seconds' clock tolerance); anything else is a 401. */
export function verifyAccessToken(secret: string, token: string): AccessTokenClaims {
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secretKey(secret), { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, clockTolerance: CLOCK_TOLERANCE_SECONDS }) as jwt.JwtPayload;
  } catch {
    throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
  }
  if (typeof payload.sub === 'string' && payload.kind === 'staff') return { kind: 'staff', sub: payload.sub };
  if (typeof payload.sub === 'string' && payload.kind === 'contact' && typeof payload.cid === 'string' && Number.isInteger(payload.ver)) {
    return { kind: 'contact', sub: payload.sub, customerId: payload.cid, tokenVersion: payload.ver as number };
  }
  throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
}
