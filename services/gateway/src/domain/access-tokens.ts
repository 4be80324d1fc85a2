import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';
import { CLOCK_TOLERANCE_SECONDS, secretKey } from '@helpdesk/http';

const ALGORITHM = 'HS256';
const ISSUER = 'helpdesk-gateway';
const AUDIENCE = 'helpdesk-api';

/**
 * Staff tokens name the user and their token version; portal tokens also carry the customer. A token
 * held in a browser's session cookie also names its session (`sessionId`): the CSRF token is derived
 * from it, so that renewing the cookie's token keeps the page's CSRF token valid; and when the session
 * began (`sessionStartedAt`, seconds), which renewals carry over, so that a session has an end.
 */
export type AccessTokenClaims = (
  | { kind: 'staff'; sub: string; tokenVersion: number }
  | { kind: 'contact'; sub: string; customerId: string; tokenVersion: number }
) & { sessionId?: string; sessionStartedAt?: number };

/** What a verified token says, and when it was issued (seconds since the epoch). */
export type VerifiedAccessToken = AccessTokenClaims & { issuedAt: number };

export function issueAccessToken(secret: string, ttlSeconds: number, claims: AccessTokenClaims): string {
  const payload = {
    ...(claims.kind === 'staff' ? { kind: 'staff', ver: claims.tokenVersion } : { kind: 'contact', cid: claims.customerId, ver: claims.tokenVersion }),
    ...(claims.sessionId === undefined ? {} : { sid: claims.sessionId, sst: claims.sessionStartedAt ?? Math.floor(Date.now() / 1000) }),
  };
  return jwt.sign(payload, secretKey(secret), { algorithm: ALGORITHM, issuer: ISSUER, audience: AUDIENCE, subject: claims.sub, expiresIn: ttlSeconds });
}

/**
 * Checks signature, pinned algorithm, issuer, audience and expiry (a few seconds' clock tolerance); anything
 * else is a 401. `expired: 'accepted'` is for ending a session only: a token of ours that has expired still
 * names the session to revoke.
 */
export function verifyAccessToken(secret: string, token: string, options: { expired?: 'accepted' } = {}): VerifiedAccessToken {
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secretKey(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      ignoreExpiration: options.expired === 'accepted',
    }) as jwt.JwtPayload;
  } catch {
    throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
  }
  const session = {
    issuedAt: payload.iat ?? 0,
    ...(typeof payload.sid === 'string' ? { sessionId: payload.sid, sessionStartedAt: Number.isInteger(payload.sst) ? (payload.sst as number) : (payload.iat ?? 0) } : {}),
  };
  if (typeof payload.sub === 'string' && payload.kind === 'staff' && Number.isInteger(payload.ver)) {
    return { kind: 'staff', sub: payload.sub, tokenVersion: payload.ver as number, ...session };
  }
  if (typeof payload.sub === 'string' && payload.kind === 'contact' && typeof payload.cid === 'string' && Number.isInteger(payload.ver)) {
    return { kind: 'contact', sub: payload.sub, customerId: payload.cid, tokenVersion: payload.ver as number, ...session };
  }
  throw new UnauthorizedError('The access token is invalid or has expired: sign in again.');
}
