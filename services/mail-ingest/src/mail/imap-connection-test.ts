import { ImapFlow } from 'imapflow';
import { fetchAccessToken, OAuth2TokenError, type OAuth2Grant } from './oauth2-token.js';

export type TlsMode = 'tls' | 'starttls' | 'none';

/** Everything needed to open the account's folder: the settings and the secrets, opened. */
export interface MailboxConnection {
  host: string;
  port: number;
  tlsMode: TlsMode;
  user: string;
  folder: string;
  auth: { method: 'password'; password: string } | ({ method: 'oauth2' } & OAuth2Grant);
}

/** What the administrator must fix; `field` is the one to look at (a JSON pointer of the account's body). */
export type ConnectionProblem = { reason: 'unreachable' | 'tls' | 'credentials' | 'folder' | 'oauth2' | 'server'; field: string; message: string };

export interface ImapishError extends Error {
  code?: string;
  authenticationFailed?: boolean;
  tlsFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
}

/**
 * Signs in and opens the folder, as the fetcher will, and says in words what went wrong: wrong
 * password, host unreachable, TLS mismatch, folder missing each have their own message. Nothing of
 * the secrets, and nothing the server says beyond its response code, goes into the answer.
 */
/**
 * An imapflow client for a mailbox, the same for the connection test and the fetcher: TLS as chosen
 * (STARTTLS required when chosen, no silent fall-back to plain text; refused when 'none'), password or
 * XOAUTH2 access token, the timeouts given, and IDLE (from 100 ms after the last command: no new mail is
 * announced between a sync and the IDLE, so mail that arrives then waits that long; imapflow waits
 * 15 s by default) only for a client that stays.
 */
export function imapClient(
  connection: MailboxConnection,
  accessToken: string | undefined,
  options: { connectTimeoutMs: number; socketTimeoutMs: number; idle: boolean },
): ImapFlow {
  return new ImapFlow({
    host: connection.host,
    port: connection.port,
    secure: connection.tlsMode === 'tls',
    doSTARTTLS: connection.tlsMode === 'starttls' ? true : connection.tlsMode === 'none' ? false : undefined,
    auth: accessToken ? { user: connection.user, accessToken } : { user: connection.user, pass: connection.auth.method === 'password' ? connection.auth.password : '' },
    logger: false,
    connectionTimeout: options.connectTimeoutMs,
    greetingTimeout: Math.min(options.connectTimeoutMs, 10_000),
    socketTimeout: options.socketTimeoutMs,
    ...(options.idle ? { autoIdleDelay: 100 } : { disableAutoIdle: true }),
  });
}

export async function testMailboxConnection(connection: MailboxConnection, timeoutMs: number): Promise<ConnectionProblem | null> {
  const where = `${connection.host}:${connection.port}`;
  // One deadline for the whole test: token, connect, TLS, greeting, sign-in, folder.
  const deadline = Date.now() + timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  const overtime: ConnectionProblem = {
    reason: 'unreachable',
    field: '/host',
    message: `${where} did not complete the connection test within ${timeoutMs / 1000} s (OAuth2 token, connection, TLS, sign-in and folder together): check the host and port, and that the server answers.`,
  };
  let accessToken: string | undefined;
  if (connection.auth.method === 'oauth2') {
    try {
      accessToken = await fetchAccessToken(connection.auth, remaining());
    } catch (error) {
      if (error instanceof OAuth2TokenError) return { reason: 'oauth2', field: `/oauth2/${error.field}`, message: error.message };
      throw error;
    }
  }
  const left = remaining();
  const imap = imapClient(connection, accessToken, { connectTimeoutMs: left, socketTimeoutMs: left, idle: false });
  // A failure after connect (a dropped socket) is reported through the promise below; this keeps it off the process.
  imap.on('error', () => undefined);
  let step: 'connect' | 'folder' = 'connect';
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
  const test = (async () => {
    await imap.connect();
    step = 'folder';
    await imap.mailboxOpen(connection.folder, { readOnly: true });
  })();
  try {
    if ((await Promise.race([test, timedOut])) === 'timeout') {
      test.catch(() => undefined);
      return overtime;
    }
    return null;
  } catch (error) {
    return describe(error as ImapishError, step, connection, where);
  } finally {
    clearTimeout(timer);
    await Promise.race([imap.logout().catch(() => imap.close()), new Promise((resolve) => setTimeout(resolve, 1000))]);
    imap.close();
  }
}

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'CONNECT_TIMEOUT', 'ETIMEOUT']);

/** What a failure to sign in or open the folder means, in the words the connection test uses (the fetcher's last error too). */
export function describe(error: ImapishError, step: 'connect' | 'folder', connection: MailboxConnection, where: string): ConnectionProblem {
  const code = error.code ?? '';
  if (step === 'folder' && (error.serverResponseCode === 'NONEXISTENT' || /exist|no such|unknown mailbox/i.test(error.responseText ?? ''))) {
    return { reason: 'folder', field: '/folder', message: `Signed in, but the folder "${connection.folder}" does not exist on ${where} (or may not be opened): check its name and case, e.g. INBOX.` };
  }
  if (error.authenticationFailed || error.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return connection.auth.method === 'oauth2'
      ? { reason: 'credentials', field: '/user', message: `${where} refused the OAuth2 access token for "${connection.user}": check the user and that the token's scope grants IMAP access.` }
      : { reason: 'credentials', field: '/password', message: `${where} refused the user name or password of "${connection.user}": check both (an app password may be needed).` };
  }
  if (/unsupported authentication mechanism/i.test(error.message)) {
    return { reason: 'credentials', field: connection.auth.method === 'oauth2' ? '/oauth2' : '/password', message: `${where} does not offer ${connection.auth.method === 'oauth2' ? 'XOAUTH2' : 'password'} sign-in: use the other way, or check the host.` };
  }
  if (error.tlsFailed || /SSL|TLS|certificate|EPROTO/i.test(`${code} ${error.message}`) || code === 'GREETING_TIMEOUT') {
    const hint =
      connection.tlsMode === 'tls'
        ? 'it did not speak TLS on this port: choose starttls or none for a plain port (usually 143), or the TLS port (usually 993)'
        : connection.tlsMode === 'starttls'
          ? 'it does not offer STARTTLS on this port: choose tls for a TLS port (usually 993), or none if the server has no TLS at all'
          : 'it did not answer in plain text on this port: it probably expects TLS, so choose tls (port 993) or starttls';
    const certificate = /certificate|self.signed|CERT/i.test(`${code} ${error.message}`);
    return {
      reason: 'tls',
      field: '/tlsMode',
      message: certificate ? `${where} presented a TLS certificate that cannot be trusted: check the host name, or the server's certificate.` : `TLS mismatch with ${where}: ${hint}.`,
    };
  }
  if (unreachableCodes.has(code) || /connect|timeout|socket/i.test(error.message)) {
    return { reason: 'unreachable', field: '/host', message: `${where} cannot be reached (${code || 'no answer'}): check the host name and port, and that this server may connect to it.` };
  }
  return { reason: 'server', field: '/host', message: `${where} refused the connection test (${error.serverResponseCode ?? (code || 'an unexpected answer')}): check the settings against the mail provider's.` };
}
