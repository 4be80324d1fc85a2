import { createHash, randomUUID } from 'node:crypto';
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

/** The request an assertion is for: the service it goes to, its method, its path with the query and its body. */
export interface RequestTarget {
  service: string;
  method: string;
  path: string;
  /** The exact bytes sent as the body (a string as UTF-8); none is an empty body. */
  body?: Uint8Array | string;
}

/** What an assertion says of the request besides its method and path, for the receiver to check once it has read the body. */
export interface Asserted<P> {
  principal: P;
  /** The SHA-256 of the body the assertion was signed for (base64url): see `bodyDigest`. */
  bodyDigest: string;
}

const digestOf = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('base64url');
/** Most requests (every GET) have none: no hashing for them. */
const EMPTY_BODY_DIGEST = digestOf('');

/** The SHA-256 of a body's exact bytes (base64url), as an assertion's `bdh` claim carries it; none is an empty body. */
export function bodyDigest(body: Uint8Array | string | undefined): string {
  return body === undefined || body.length === 0 ? EMPTY_BODY_DIGEST : digestOf(body);
}

/**
 * The body received (its digest, undefined when none was read) must be the one the assertion was
 * signed for: one captured on the wire and sent again with another body is refused.
 */
export function requireAssertedBody(asserted: string, received: string | undefined): void {
  if ((received ?? EMPTY_BODY_DIGEST) !== asserted) throw new UnauthorizedError('The assertion was issued for another request body than this one.');
}

function sign(signer: Signer, target: RequestTarget, claims: Record<string, unknown>): string {
  return jwt.sign({ htm: target.method.toUpperCase(), htu: target.path, bdh: bodyDigest(target.body), ...claims }, signer.privateKey, {
    algorithm: ALGORITHM,
    issuer: signer.service,
    audience: target.service,
    expiresIn: ASSERTION_LIFETIME_SECONDS,
    // Unique per assertion: no two are alike, and a single-use check, should one be needed, can key on it.
    jwtid: randomUUID(),
  });
}

/** The gateway vouches for a user's request to one service, method, path and body; only its key can sign this. */
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
 * The body is checked once it is read (`requireAssertedBody`), against the digest returned here.
 */
function verify(keys: ServiceKeys, token: string, request: { method: string; path: string }, trusted: (issuer: string) => boolean): jwt.JwtPayload & { iss: string; bdh: string } {
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
  if (payload.htm !== request.method.toUpperCase() || payload.htu !== request.path || typeof payload.jti !== 'string' || typeof payload.bdh !== 'string') {
    throw new UnauthorizedError(`The assertion was issued for another request than ${request.method} ${request.path}.`);
  }
  return payload as jwt.JwtPayload & { iss: string; bdh: string };
}

/** The user (staff or contact) the gateway vouches for on this request, and the body it vouches for; anything else is a 401. */
export function verifyGatewayAssertion(keys: ServiceKeys, token: string | undefined, request: { method: string; path: string }): Asserted<Principal> {
  if (!token) throw new UnauthorizedError('This service is reached through the gateway only.');
  const { principal, bdh } = verify(keys, token, request, (issuer) => issuer === GATEWAY) as jwt.JwtPayload & { principal?: Principal; bdh: string };
  // The gateway forwards users only; a service speaks for itself on internal routes.
  if (principal?.kind !== 'staff' && principal?.kind !== 'contact') throw new UnauthorizedError('The assertion names no user.');
  return { principal, bodyDigest: bdh };
}

/** The service that signed this request with its own key, and the body it signed; whatever else the token claims is ignored. */
export function verifyServiceCall(keys: ServiceKeys, token: string | undefined, request: { method: string; path: string }): Asserted<ServicePrincipal> {
  if (!token) throw new UnauthorizedError('Internal routes answer the system\'s own services only, each signing its requests with its key.');
  const { iss, bdh } = verify(keys, token, request, () => true);
  return { principal: { kind: 'service', service: iss }, bodyDigest: bdh };
}

/** Calls another service's internal routes as `caller`; resolves with the response, rejects when it cannot be reached in time. */
export function serviceClient(caller: Signer, target: { service: string; baseUrl: string; timeoutMs: number }) {
  const base = target.baseUrl.replace(/\/+$/, '');
  return (method: string, path: string, body?: unknown): Promise<Response> => {
    const json = body === undefined ? undefined : JSON.stringify(body);
    return fetch(`${base}${path}`, {
      method,
      headers: {
        [SERVICE_ASSERTION_HEADER]: signServiceCall(caller, { service: target.service, method, path, body: json }),
        [CORRELATION_HEADER]: currentCorrelationId(),
        ...(json !== undefined && { 'content-type': 'application/json' }),
      },
      body: json,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  };
}

export type ServiceClient = ReturnType<typeof serviceClient>;
