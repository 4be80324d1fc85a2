import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { UnauthorizedError } from '@helpdesk/errors';
import { currentCorrelationId } from '@helpdesk/logging';
import { CORRELATION_HEADER } from './create-http-app.js';
import type { Principal, ServicePrincipal } from './principal.js';
import type { ServiceKeys, Signer } from './service-keys.js';

/** The gateway's word for a user's request, on a service's public listener. */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion';
/** A service's word for its own request, on another service's internal listener. */
export const SERVICE_ASSERTION_HEADER = 'x-service-assertion';

const ALGORITHM = 'ES256';
const GATEWAY = 'gateway';

/**
 * How long an assertion is valid. It is checked once, when the request arrives, which is within
 * milliseconds of signing (the gateway's failover to another instance gives up on one after 2 s);
 * the rest covers clocks that disagree. Short, so a copy is worth little; not shorter, so one slow
 * connect never turns into a 401.
 */
export const ASSERTION_LIFETIME_SECONDS = 15;
/** How far the clocks of two machines may disagree when a token's times are checked (assertions and access tokens). */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** The request an assertion is for: the service it goes to, its method and its path with the query. */
export interface RequestTarget {
  service: string;
  method: string;
  path: string;
}

function sign(signer: Signer, target: RequestTarget, claims: Record<string, unknown>): string {
  return jwt.sign({ htm: target.method.toUpperCase(), htu: target.path, ...claims }, signer.privateKey, {
    algorithm: ALGORITHM,
    issuer: signer.service,
    audience: target.service,
    expiresIn: ASSERTION_LIFETIME_SECONDS,
    // Unique per assertion: no two are alike, and a single-use check, should one be needed, can key on it.
    jwtid: randomUUID(),
  });
}

/** The gateway vouches for a user's request to one service, method and path; only its key can sign this. */
export function signGatewayAssertion(gateway: Signer, principal: Principal, target: RequestTarget): string {
  return sign(gateway, target, { principal });
}

/** A service asks another as itself; the callee decides from the signing key alone who is asking. */
export function signServiceCall(caller: Signer, target: RequestTarget): string {
  return sign(caller, target, {});
}

/**
 * Checks the signature with the key of the service named as issuer (when `trusted` accepts it),
 * the audience (this service), the lifetime (with clock tolerance), and that the assertion is for
 * this very method and path: one captured on its way to another service, method or path is refused.
 */
function verify(keys: ServiceKeys, token: string, request: { method: string; path: string }, trusted: (issuer: string) => boolean): jwt.JwtPayload & { iss: string } {
  const unverified = jwt.decode(token, { json: true });
  const issuer = unverified?.iss;
  const key = typeof issuer === 'string' && trusted(issuer) ? keys.publicKeys.get(issuer) : undefined;
  if (!key || !issuer) throw new UnauthorizedError('The assertion is not signed by a service this one trusts.');
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer, audience: keys.service, clockTolerance: CLOCK_TOLERANCE_SECONDS }) as jwt.JwtPayload;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw new UnauthorizedError('The assertion has expired.');
    throw new UnauthorizedError(`The assertion is invalid or was issued for another service than ${keys.service}.`);
  }
  if (payload.htm !== request.method.toUpperCase() || payload.htu !== request.path || typeof payload.jti !== 'string') {
    throw new UnauthorizedError(`The assertion was issued for another request than ${request.method} ${request.path}.`);
  }
  return payload as jwt.JwtPayload & { iss: string };
}

/** The user (staff or contact) the gateway vouches for on this request; anything else is a 401. */
export function verifyGatewayAssertion(keys: ServiceKeys, token: string | undefined, request: { method: string; path: string }): Principal {
  if (!token) throw new UnauthorizedError('This service is reached through the gateway only.');
  const { principal } = verify(keys, token, request, (issuer) => issuer === GATEWAY) as { principal?: Principal };
  // The gateway forwards users only; a service speaks for itself on internal routes.
  if (principal?.kind !== 'staff' && principal?.kind !== 'contact') throw new UnauthorizedError('The assertion names no user.');
  return principal;
}

/** The service that signed this request with its own key; whatever else the token claims is ignored. */
export function verifyServiceCall(keys: ServiceKeys, token: string | undefined, request: { method: string; path: string }): ServicePrincipal {
  if (!token) throw new UnauthorizedError('Internal routes answer the system\'s own services only, each signing its requests with its key.');
  const { iss } = verify(keys, token, request, () => true);
  return { kind: 'service', service: iss };
}

/** Calls another service's internal routes as `caller`; resolves with the response, rejects when it cannot be reached in time. */
export function serviceClient(caller: Signer, target: { service: string; baseUrl: string; timeoutMs: number }) {
  const base = target.baseUrl.replace(/\/+$/, '');
  return (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        [SERVICE_ASSERTION_HEADER]: signServiceCall(caller, { service: target.service, method, path }),
        [CORRELATION_HEADER]: currentCorrelationId(),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
}

export type ServiceClient = ReturnType<typeof serviceClient>;
