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
