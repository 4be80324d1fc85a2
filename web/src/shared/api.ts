/**
 * The pages' way to the gateway. The access token lives in an HttpOnly cookie that no script can read;
 * what a page holds is the session's CSRF token, in memory only, sent with every request that changes
 * something. Errors are the API's problem details (RFC 9457), kept whole so that a form can show each
 * field's message beside the field.
 */

export interface FieldProblem {
  pointer: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `The request failed (${problem.status}).`);
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message for one field (`/email`), if the answer named it. */
  fieldMessage(pointer: string): string | undefined {
    return this.problem.errors?.find((error) => error.pointer === pointer)?.message;
  }
}

let csrfToken: string | undefined;

/** What the session answered at sign-in or on reading it: the token to send with changes. */
export function useCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type RefusalListener = (path: string, error: ApiError) => void;
let refusalListener: RefusalListener | undefined;

/**
 * Who hears of every 401 and 403 (the session: the access may have ended since the page was opened, by a
 * move of the contact, a disabled login or the portal switched off). Returns the way to stop listening.
 */
export function onAccessRefused(listener: RefusalListener): () => void {
  refusalListener = listener;
  return () => {
    if (refusalListener === listener) refusalListener = undefined;
  };
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One JSON request to the gateway; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function api<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (unsafeMethods.has(method) && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, title: 'No connection', detail: 'The helpdesk cannot be reached: check your connection and try again.' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    const error = new ApiError({ ...problem, status: response.status });
    if (response.status === 401 || response.status === 403) refusalListener?.(path, error);
    throw error;
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A query string from the defined values only. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
