import type { Principal } from '@helpdesk/http';
import { gatewayAssertionHeader } from './environment.js';

export interface JsonRequest {
  /** A bearer token for the Authorization header. */
  token?: string;
  /** Sent as JSON; a string is sent as it is (to test malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Whatever the route answered; tests assert on its shape. */
  body: any;
}

/** A small HTTP client for tests: JSON in, parsed JSON (or problem) out. */
export function jsonClient(baseUrl: () => string) {
  return async function call(method: string, path: string, options: JsonRequest = {}): Promise<JsonResponse> {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

export interface SignedRequest {
  /** The principal the gateway would have authenticated; none: an unauthenticated call. */
  as?: Principal;
  /** Sent as JSON; a string is sent as it is (to test malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Another instance of the same service. */
  url?: string;
}

/**
 * Calls a service's routes directly, each request signed for `as` as the gateway would: what a
 * service's own tests use instead of the whole system. Answers the status, headers, parsed body and
 * the raw text (searched for what must never appear).
 */
export function gatewayClient(service: string, baseUrl: () => string) {
  return async function call(method: string, path: string, options: SignedRequest = {}): Promise<JsonResponse & { text: string }> {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const response = await fetch(`${options.url ?? baseUrl()}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.as ? gatewayAssertionHeader(options.as, { service, method, path, body }) : {}),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
  };
}
