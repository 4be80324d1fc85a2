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
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown; error_description?: unknown };
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
