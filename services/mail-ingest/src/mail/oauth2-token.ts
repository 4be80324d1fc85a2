/** What XOAUTH2 needs to draw an access token: Microsoft 365 and Gmail refuse passwords over IMAP. */
export interface OAuth2Grant {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  scope?: string | null;
}

/** Why the token endpoint gave no access token, in words an administrator can act on. */
export class OAuth2TokenError extends Error {
  constructor(
    readonly field: 'tokenEndpoint' | 'refreshToken' | 'clientId',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exchanges the refresh token for an access token (RFC 6749 §6). The endpoint's own error code and
 * description are passed on (they say what is wrong); nothing of the request, the secrets least.
 */
export async function fetchAccessToken(grant: OAuth2Grant, timeoutMs: number): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: grant.refreshToken, client_id: grant.clientId, client_secret: grant.clientSecret });
  if (grant.scope) form.set('scope', grant.scope);
  let response: Response;
  try {
    response = await fetch(grant.tokenEndpoint, { method: 'POST', body: form, headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch {
    throw new OAuth2TokenError('tokenEndpoint', `The token endpoint ${grant.tokenEndpoint} could not be reached: check the address and that this server may connect to it.`);
  }
  const body = await readTokenAnswer(response, grant.tokenEndpoint);
  if (response.ok && typeof body.access_token === 'string' && body.access_token) return body.access_token;
  const code = typeof body.error === 'string' ? body.error.slice(0, 100) : `HTTP ${response.status}`;
  const description = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 300)}` : '';
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    throw new OAuth2TokenError('clientId', `The token endpoint refused the client (${code}${description}): check the client id and client secret.`);
  }
  if (code === 'invalid_grant') {
    throw new OAuth2TokenError('refreshToken', `The token endpoint refused the refresh token (${code}${description}): it may have expired or been revoked; authorise the mailbox again.`);
  }
  throw new OAuth2TokenError('tokenEndpoint', `The token endpoint gave no access token (${code}${description}): check its address and the grant.`);
}

/** A token endpoint answers a small JSON object; more than this is not one, and is not read further. */
const maxAnswerBytes = 64 * 1024;

type TokenAnswer = { access_token?: unknown; error?: unknown; error_description?: unknown };

/**
 * The endpoint's answer as a JSON object. Read at most `maxAnswerBytes` (an endless or huge answer
 * would otherwise be buffered whole, until the timeout); anything that is not a JSON object — null,
 * a number, a list, not JSON at all — is the administrator's to fix, like a wrong address.
 */
async function readTokenAnswer(response: Response, endpoint: string): Promise<TokenAnswer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Leaving the loop early cancels the stream: the rest of the answer is never downloaded.
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxAnswerBytes) break;
      chunks.push(chunk);
    }
  } catch {
    throw new OAuth2TokenError('tokenEndpoint', `The token endpoint ${endpoint} stopped answering (HTTP ${response.status}) before its answer was complete: check the address and try again.`);
  }
  if (size > maxAnswerBytes) {
    throw new OAuth2TokenError('tokenEndpoint', `The token endpoint ${endpoint} answered HTTP ${response.status} with more than ${maxAnswerBytes / 1024} kB, far more than a token answer: check its address.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as TokenAnswer;
  throw new OAuth2TokenError('tokenEndpoint', `The token endpoint ${endpoint} answered HTTP ${response.status} with something that is not a JSON object: check its address (it should be the provider's OAuth2 token URL).`);
}
