// The fetcher on a mailbox that signs in with OAuth2 (issue 11 §1, as Microsoft 365 and Gmail
// require): a private Dovecot that accepts only XOAUTH2 access tokens its introspection endpoint
// calls active, and a token endpoint that issues a new access token for each refresh. The fetcher
// draws a token for every connection, so a token revoked while it was connected does not stop it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import { createAccount, fetcherEnv, mail } from './fetcher-support';
import { startMailIngest, startTokenEndpoint, type MailIngestTestService } from './helpers';

const mailbox = { user: 'support-oauth@helpdesk.example', password: 'only-for-the-test-to-append' };
const refreshToken = 'refresh-token-of-support-oauth';

/** RFC 7662 introspection as Dovecot asks it (form POST `token=`): active while the token is in `active`. */
async function startIntrospection(active: Set<string>) {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const token = new URLSearchParams(raw).get('token') ?? '';
      const answer = active.has(token) ? { active: true, username: mailbox.user } : { active: false };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the mail fetcher with OAuth2 (XOAUTH2)', () => {
  const active = new Set<string>();
  let issued = 0;
  let tokens: Awaited<ReturnType<typeof startTokenEndpoint>>;
  let introspection: Awaited<ReturnType<typeof startIntrospection>>;
  let dovecot: TestDovecot;
  let m: MailIngestTestService;

  beforeAll(async () => {
    [tokens, introspection] = await Promise.all([
      startTokenEndpoint(() => {
        const token = `access-token-${++issued}`;
        active.add(token);
        return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600 } };
      }),
      startIntrospection(active),
    ]);
    [dovecot, m] = await Promise.all([
      startTestDovecot({ users: [mailbox], oauth2: { introspectionUrl: introspection.url } }),
      startMailIngest({ env: { ...fetcherEnv, MAIL_PROCESSOR_ENABLED: 'false' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([m?.stop(), dovecot?.close(), tokens?.close(), introspection?.close()]);
  });

  const stored = async (accountId: string) =>
    (await m.query<{ raw: Buffer }>('SELECT raw FROM inbound_emails WHERE email_account_id = $1 ORDER BY uid', [accountId])).map((row) => row.raw);

  it('fetches with an access token drawn from the refresh token, and draws a new one when it connects again after the old one was revoked', async () => {
    const append = async (source: Buffer) => {
      const imap = await dovecot.connect(mailbox);
      await imap.append('INBOX', source);
      await imap.logout();
    };
    const first = [mail('oauth-1'), mail('oauth-2')];
    for (const source of first) await append(source);

    const oauth2 = { tokenEndpoint: tokens.url, clientId: 'helpdesk-app', clientSecret: 'client-secret-of-the-app', refreshToken };
    const accountId = await createAccount(m, dovecot, mailbox, { password: undefined, oauth2 });
    await waitFor(async () => ((await stored(accountId)).length === 2 ? true : undefined), { what: 'the two mails stored', timeoutMs: 20_000 });
    expect(await stored(accountId)).toEqual(first);

    // Every token so far revoked, and the connections dropped: only a freshly drawn token gets in.
    const drawnBefore = tokens.forms.length;
    active.clear();
    await dovecot.stop();
    await dovecot.start();
    const later = mail('oauth-3');
    await append(later);
    await waitFor(async () => ((await stored(accountId)).length === 3 ? true : undefined), { what: 'the mail after the revocation stored', timeoutMs: 20_000 });
    expect(await stored(accountId)).toEqual([...first, later]);

    expect(tokens.forms.length).toBeGreaterThan(drawnBefore);
    for (const form of tokens.forms) {
      expect(Object.fromEntries(form)).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'helpdesk-app' });
    }
    // The fetcher's sessions signed in with XOAUTH2 (the test's own appends use a password).
    const log = await readFile(path.join(dovecot.dir, 'dovecot.log'), 'utf8');
    const signIns = log.split('\n').filter((line) => line.includes(`Login: user=<${mailbox.user}>`));
    expect(signIns.filter((line) => line.includes('method=XOAUTH2')).length).toBeGreaterThanOrEqual(2);
  });
});
