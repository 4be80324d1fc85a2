import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { freePort, startTestDovecot, testSecrets, waitFor, type TestDovecot } from '@helpdesk/testing';
import { administrator, agent, startMailIngest, startTokenEndpoint, type MailIngestTestService } from './helpers';

/**
 * Tickets-from-email accounts (issue 11, item 1): created, edited, disabled and deleted through the
 * API, each save of an enabled account proven by a connection test against a real IMAP server (a
 * private Dovecot) whose failure says what to fix; secrets sealed at rest and never shown.
 */
describe('tickets-from-email accounts', () => {
  let m: MailIngestTestService;
  let dovecot: TestDovecot;
  const mailbox = { user: 'support@helpdesk.example', password: 'imap-secret-1-do-not-show' };
  const admin = administrator();
  let account: Record<string, unknown>;

  beforeAll(async () => {
    [m, dovecot] = await Promise.all([startMailIngest(), startTestDovecot({ users: [mailbox] })]);
    // One folder per account: two accounts on one folder are refused (409, tested below).
    await dovecot.doveadm('mailbox', 'create', '-u', mailbox.user, ...Array.from({ length: 100 }, (_, i) => `Box${i + 1}`));
    account = { name: 'Support', address: 'support@helpdesk.example', host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password };
  });
  afterAll(async () => {
    await Promise.all([m?.stop(), dovecot?.close()]);
  });

  /** A token endpoint that answers an access token after `delayMs`. */
  async function startTokenEndpointAfter(delayMs: number) {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'access-token-1', token_type: 'Bearer' })), delayMs));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/token`,
      close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  }

  const count = async () => Number((await m.query<{ n: string }>('SELECT count(*) AS n FROM email_accounts'))[0]!.n);
  const outboxSize = async () => Number((await m.query<{ n: string }>('SELECT count(*) AS n FROM outbox'))[0]!.n);
  let seq = 0;
  /** A distinct account each time (names and folders are unique). */
  const fresh = (overrides: Record<string, unknown> = {}) => ({ ...account, name: `Support ${++seq}`, folder: `Box${seq}`, ...overrides });

  it('creates an account after its connection test, allocated to all customers, and announces it without secrets', async () => {
    const created = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ defaultPriority: 'high', folder: undefined }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/email-accounts/${created.body.id}`);
    expect(created.body).toMatchObject({
      enabled: true,
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: 'none',
      user: mailbox.user,
      folder: 'INBOX',
      authMethod: 'password',
      oauth2: null,
      defaultTeamId: null,
      defaultPriority: 'high',
      allocation: { kind: 'all' },
      state: { lastSyncAt: null, lastError: null, lastErrorAt: null, backlog: 0 },
      version: 1,
    });
    expect(created.text).not.toContain(mailbox.password);
    const read = await m.call('GET', `/api/email-accounts/${created.body.id}`, { as: admin });
    expect(read.body).toEqual(created.body);
    expect((await m.call('GET', '/api/email-accounts', { as: admin })).text).not.toContain(mailbox.password);

    const [row] = await m.query<{ secret_sealed: Buffer; secret_key_id: string }>('SELECT secret_sealed, secret_key_id FROM email_accounts WHERE id = $1', [created.body.id]);
    expect(row!.secret_key_id).toBe('k1');
    expect(row!.secret_sealed.toString('latin1')).not.toContain(mailbox.password);

    const events = await m.recorded(created.body.id);
    expect(events).toEqual([
      { type: 'email_account.created', version: 1, data: { emailAccountId: created.body.id, name: created.body.name, address: 'support@helpdesk.example', enabled: true, allocation: { kind: 'all' } } },
    ]);
  });

  describe('a failed connection test says what to fix, and saves nothing', () => {
    const failures: Array<[string, () => Promise<Record<string, unknown>>, string, RegExp]> = [
      ['a wrong password', async () => fresh({ password: 'wrong-password' }), '/password', /refused the user name or password/],
      ['an unreachable host (a closed port)', async () => fresh({ port: await freePort() }), '/host', /cannot be reached/],
      ['TLS on a plain port', async () => fresh({ tlsMode: 'tls' }), '/tlsMode', /TLS mismatch.*did not speak TLS/],
      ['STARTTLS on a server without it', async () => fresh({ tlsMode: 'starttls' }), '/tlsMode', /TLS mismatch.*does not offer STARTTLS/],
      ['a folder that does not exist', async () => fresh({ folder: 'Tickets' }), '/folder', /folder "Tickets" does not exist/],
    ];

    it.each(failures)('%s', async (_name, body, pointer, message) => {
      const [accounts, events] = [await count(), await outboxSize()];
      const response = await m.call('POST', '/api/email-accounts', { as: admin, body: await body() });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.detail).toMatch(/connection test failed/);
      expect(response.body.errors).toEqual([{ pointer, message: expect.stringMatching(message) }]);
      expect(response.text).not.toContain('wrong-password');
      expect(response.text).not.toContain(mailbox.password);
      expect([await count(), await outboxSize()]).toEqual([accounts, events]);
    });

    it('the four reasons have four different messages', async () => {
      const messages = new Set<string>();
      for (const [, body] of failures.slice(0, 4).concat([failures[4]!])) {
        messages.add((await m.call('POST', '/api/email-accounts', { as: admin, body: await body() })).body.errors[0].message.replace(/\d+/g, 'N'));
      }
      expect(messages.size).toBe(5);
    });
  });

  describe('OAuth2 (XOAUTH2)', () => {
    it('passes the token endpoint\'s refusal of the refresh token on, and saves nothing', async () => {
      const endpoint = await startTokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }));
      try {
        const before = await count();
        const oauth2 = { tokenEndpoint: endpoint.url, clientId: 'helpdesk-app', clientSecret: 'client-secret-do-not-show', refreshToken: 'refresh-token-do-not-show' };
        const response = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ password: undefined, oauth2 }) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/oauth2/refreshToken', message: expect.stringMatching(/refused the refresh token \(invalid_grant: Token has been expired or revoked\.\)/) }]);
        expect(response.text).not.toMatch(/do-not-show/);
        expect(endpoint.forms[0]!.get('grant_type')).toBe('refresh_token');
        expect(endpoint.forms[0]!.get('refresh_token')).toBe(oauth2.refreshToken);
        expect(await count()).toBe(before);
      } finally {
        await endpoint.close();
      }
    });

    it('signs in with the access token it draws, and says so when the server offers no XOAUTH2', async () => {
      const endpoint = await startTokenEndpoint(() => ({ status: 200, body: { access_token: 'access-token-1', token_type: 'Bearer', expires_in: 3600 } }));
      try {
        const oauth2 = { tokenEndpoint: endpoint.url, clientId: 'helpdesk-app', clientSecret: 'client-secret-do-not-show', refreshToken: 'refresh-token-do-not-show' };
        const response = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ password: undefined, oauth2 }) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/oauth2', message: expect.stringMatching(/does not offer XOAUTH2 sign-in/) }]);
      } finally {
        await endpoint.close();
      }
    });

    it('is stored for a disabled account (no test), shown without its secrets', async () => {
      const oauth2 = { tokenEndpoint: 'https://login.example/token', clientId: 'helpdesk-app', clientSecret: 'client-secret-do-not-show', refreshToken: 'refresh-token-do-not-show', scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access' };
      const response = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ password: undefined, oauth2, enabled: false, host: 'outlook.office365.com', port: 993, tlsMode: 'tls' }) });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ enabled: false, authMethod: 'oauth2', oauth2: { tokenEndpoint: oauth2.tokenEndpoint, clientId: 'helpdesk-app', scope: oauth2.scope } });
      expect(response.text).not.toMatch(/do-not-show/);
    });
  });

  describe('editing', () => {
    let id: string;
    let folder: string;
    beforeAll(async () => {
      const created = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh() });
      expect(created.status).toBe(201);
      ({ id, folder } = created.body);
    });

    it('renames without a new test, keeping the password; the event carries the new state at the next version', async () => {
      const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { name: 'Helpdesk support', defaultPriority: 'urgent' } });
      expect(response).toMatchObject({ status: 200, body: { name: 'Helpdesk support', defaultPriority: 'urgent', version: 2, authMethod: 'password' } });
      // The kept password still opens the mailbox: naming the folder runs the test with it.
      expect((await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { folder } })).status).toBe(200);
      expect((await m.recorded(id)).map((e) => [e.type, e.version, e.data.name])).toEqual([
        ['email_account.created', 1, expect.any(String)],
        ['email_account.updated', 2, 'Helpdesk support'],
        ['email_account.updated', 3, 'Helpdesk support'],
      ]);
    });

    it('refuses a new password the server refuses, and keeps the old one', async () => {
      const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { password: 'wrong-password' } });
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/password' }] } });
      expect((await m.call('GET', `/api/email-accounts/${id}`, { as: admin })).body.version).toBe(3);
    });

    it('disables (no test: the server may be gone), and tests again when enabled', async () => {
      await dovecot.stop();
      try {
        const disabled = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: false } });
        expect(disabled).toMatchObject({ status: 200, body: { enabled: false } });
        expect((await m.recorded(id)).at(-1)).toMatchObject({ type: 'email_account.updated', data: { enabled: false } });
        const enabling = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true } });
        expect(enabling).toMatchObject({ status: 400, body: { errors: [{ pointer: '/host' }] } });
      } finally {
        await dovecot.start();
      }
      expect((await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true } })).body.enabled).toBe(true);
    });

    it('refuses a second account on the same mailbox folder, and a name taken (any case), with 409', async () => {
      const sameMailbox = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ name: 'Copy', folder }) });
      expect(sameMailbox.status).toBe(409);
      expect(sameMailbox.body.detail).toMatch(/already fetches this folder/);
      const sameName = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ name: 'HELPDESK SUPPORT', enabled: false, folder: 'Elsewhere' }) });
      expect(sameName).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/has this name/) } });
    });

    it('deletes, announcing the deletion at the version after the last change', async () => {
      const version = (await m.call('GET', `/api/email-accounts/${id}`, { as: admin })).body.version;
      expect((await m.call('DELETE', `/api/email-accounts/${id}`, { as: admin })).status).toBe(204);
      expect((await m.call('GET', `/api/email-accounts/${id}`, { as: admin })).status).toBe(404);
      expect((await m.call('DELETE', `/api/email-accounts/${id}`, { as: admin })).status).toBe(404);
      expect((await m.recorded(id)).at(-1)).toEqual({ type: 'email_account.deleted', version: version + 1, data: { emailAccountId: id } });
    });
  });

  describe('bad input: 4xx problem documents, nothing changed', () => {
    const cases: Array<[string, string, string, () => unknown, number, string]> = [
      ['no password and no OAuth2', 'POST', '', () => fresh({ password: undefined }), 400, '/password'],
      ['both a password and OAuth2', 'POST', '', () => fresh({ oauth2: { tokenEndpoint: 'https://t.example/token', clientId: 'c', clientSecret: 's', refreshToken: 'r' } }), 400, '/oauth2'],
      ['OAuth2 without its secrets', 'POST', '', () => fresh({ password: undefined, oauth2: { tokenEndpoint: 'https://t.example/token', clientId: 'c' } }), 400, '/oauth2/clientSecret'],
      ['an unknown TLS mode', 'POST', '', () => fresh({ tlsMode: 'ssl' }), 400, '/tlsMode'],
      ['a port out of range', 'POST', '', () => fresh({ port: 70000 }), 400, '/port'],
      ['a missing host', 'POST', '', () => fresh({ host: undefined }), 400, '/host'],
      ['an unknown field', 'POST', '', () => fresh({ smtpHost: 'x' }), 400, '/smtpHost'],
      ['an unknown priority', 'POST', '', () => fresh({ defaultPriority: 'critical' }), 400, '/defaultPriority'],
      ['an unknown default team', 'POST', '', () => fresh({ defaultTeamId: randomUUID() }), 400, '/defaultTeamId'],
      ['an empty change', 'PATCH', `/${randomUUID()}`, () => ({}), 400, '/'],
      ['an id that is not one', 'PATCH', '/42', () => ({ name: 'x' }), 400, '/'],
      ['an account that does not exist', 'PATCH', `/${randomUUID()}`, () => ({ name: 'x' }), 404, ''],
    ];
    it.each(cases)('%s', async (_name, method, suffix, body, status, pointer) => {
      const [accounts, events] = [await count(), await outboxSize()];
      const response = await m.call(method, `/api/email-accounts${suffix}`, { as: admin, body: body() });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      if (pointer) expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect([await count(), await outboxSize()]).toEqual([accounts, events]);
    });

    it('names the allowed TLS modes', async () => {
      const response = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ tlsMode: 'ssl' }) });
      expect(response.body.errors).toContainEqual({ pointer: '/tlsMode', message: 'must be one of "tls", "starttls", "none"' });
    });
  });

  describe('open review points of the accounts', () => {
    it('bounds the whole connection test by IMAP_TEST_TIMEOUT_MS, the OAuth2 token fetch included', async () => {
      // The token endpoint takes 3.5 of the 5 s; the server then greets and never answers.
      const endpoint = await startTokenEndpointAfter(3500);
      const silent = net.createServer((socket) => {
        socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2] ready\r\n');
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const oauth2 = { tokenEndpoint: endpoint.url, clientId: 'helpdesk-app', clientSecret: 'client-secret', refreshToken: 'refresh-token' };
        const response = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ port: (silent.address() as net.AddressInfo).port, password: undefined, oauth2 }) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/host', message: expect.stringMatching(/did not complete the connection test within 5 s/) }]);
      } finally {
        silent.close();
        await endpoint.close();
      }
    });
  });

  describe('one mailbox, one account, however its INBOX is written', () => {
    it('takes INBOX in any case (RFC 3501) as INBOX: stored so, and a second account on it is refused (409)', async () => {
      const user = { user: `inbox-case-${randomUUID().slice(0, 8)}@helpdesk.example`, password: 'imap-secret-inbox' };
      await dovecot.addUser(user);
      const first = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ user: user.user, password: user.password, folder: 'Inbox' }) });
      expect(first).toMatchObject({ status: 201, body: { folder: 'INBOX' } });
      for (const folder of ['inbox', 'INBOX', 'iNbOx']) {
        const again = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ user: user.user.toUpperCase(), password: user.password, folder }) });
        expect(again.status).toBe(409);
        expect(again.body.detail).toMatch(/already fetches this folder/);
      }
      // Another folder's name keeps its case: it is the server's to compare.
      await dovecot.doveadm('mailbox', 'create', '-u', user.user, 'Support');
      const other = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ user: user.user, password: user.password, folder: 'Support' }) });
      expect(other).toMatchObject({ status: 201, body: { folder: 'Support' } });
      // Moving an account onto the INBOX of the first, in another case: 409 as well.
      const moved = await m.call('PATCH', `/api/email-accounts/${other.body.id}`, { as: admin, body: { folder: 'inbox' } });
      expect(moved.status).toBe(409);
    });
  });

  describe('a stored secret goes only where it was entered for (review i11, item 1)', () => {
    const versionOf = async (id: string) => (await m.call('GET', `/api/email-accounts/${id}`, { as: admin })).body.version as number;
    /** An IMAP server that records whether anyone connected (and what was sent), greeting with AUTH=PLAIN. */
    const startRecordingImap = async () => {
      const received: string[] = [];
      let connections = 0;
      const server = net.createServer((socket) => {
        connections++;
        socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
        socket.on('data', (chunk) => {
          received.push(chunk.toString());
          const tag = chunk.toString().split(' ')[0];
          socket.write(/AUTHENTICATE/i.test(chunk.toString()) ? '+ \r\n' : `${tag} NO [AUTHENTICATIONFAILED] no\r\n`);
        });
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { port: (server.address() as net.AddressInfo).port, received, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    };
    const storedPassword = 'STORED-PASSWORD-do-not-send';
    const passwordAccount = async () => {
      const created = await m.call('POST', '/api/email-accounts', {
        as: admin,
        body: fresh({ host: 'imap.example.com', port: 993, tlsMode: 'tls', user: 'victim@helpdesk.example', password: storedPassword, enabled: false }),
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };

    it('a password account moved to another server without the password: 400 on /password, no connection, nothing changed', async () => {
      const id = await passwordAccount();
      const imap = await startRecordingImap();
      try {
        const [version, events] = [await versionOf(id), await outboxSize()];
        const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { host: '127.0.0.1', port: imap.port, tlsMode: 'none', enabled: true } });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.detail).toMatch(/[Rr]e-enter the password/);
        expect(response.body.errors).toEqual([{ pointer: '/password', message: expect.stringMatching(/host, port, TLS mode or user/) }]);
        expect(imap.connections()).toBe(0);
        expect(imap.received.join('')).not.toContain(Buffer.from(storedPassword).toString('base64').slice(0, 8));
        expect([await versionOf(id), await outboxSize()]).toEqual([version, events]);
      } finally {
        await imap.close();
      }
    });

    it.each([
      ['the host', { host: 'imap.elsewhere.example' }],
      ['the port', { port: 994 }],
      ['the TLS mode', { tlsMode: 'starttls' }],
      ['the user', { user: 'someone-else@helpdesk.example' }],
    ])('changing %s of a disabled account is saved without the password, and enabling it then needs the password again', async (_what, change) => {
      const id = await passwordAccount();
      // Nothing connects while the account is disabled: the change is saved, the stored password kept for where it was entered.
      expect(await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: change })).toMatchObject({ status: 200, body: { ...change, enabled: false, authMethod: 'password' } });
      const version = await versionOf(id);
      const enabling = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true } });
      expect(enabling).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/[Rr]e-enter the password/), errors: [{ pointer: '/password' }] } });
      expect(await versionOf(id)).toBe(version);
      // Edited back to where the password was entered for, it is the stored one's again: enabling no longer asks for it (the test then runs).
      const back = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { host: 'imap.example.com', port: 993, tlsMode: 'tls', user: 'victim@helpdesk.example', enabled: true } });
      expect(back.body.errors?.[0]?.pointer).not.toBe('/password');
    });

    it('a disabled account moved without the password is enabled only with the password given again, which is the one the test sends', async () => {
      const id = await passwordAccount();
      const imap = await startRecordingImap();
      try {
        expect((await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { host: '127.0.0.1', port: imap.port, tlsMode: 'none' } })).status).toBe(200);
        // The disabled account now points at a server the password was not entered for; enabling and re-entering it in one change works.
        const version = await versionOf(id);
        const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/password' }] } });
        expect(imap.connections()).toBe(0);
        expect(await versionOf(id)).toBe(version);
        const withPassword = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true, password: 'entered-for-this-server' } });
        // The recording server never lets anyone in: the test ran, with the password given now, never the stored one.
        expect(withPassword.status).toBe(400);
        expect(withPassword.body.detail).not.toMatch(/[Rr]e-enter/);
        expect(imap.connections()).toBe(1);
        const sent = imap.received.join('');
        expect(sent).toContain(Buffer.from('\0victim@helpdesk.example\0entered-for-this-server').toString('base64'));
        expect(sent).not.toContain(Buffer.from(`\0victim@helpdesk.example\0${storedPassword}`).toString('base64'));
      } finally {
        await imap.close();
      }
    });

    it('repeating the stored destination (any case of the host), renaming or moving the folder keeps the stored password', async () => {
      const id = await passwordAccount();
      const response = await m.call('PATCH', `/api/email-accounts/${id}`, {
        as: admin,
        body: { host: 'IMAP.example.com', port: 993, tlsMode: 'tls', user: 'victim@helpdesk.example', name: `Kept ${id.slice(0, 6)}`, folder: 'Elsewhere' },
      });
      expect(response).toMatchObject({ status: 200, body: { host: 'IMAP.example.com', folder: 'Elsewhere', authMethod: 'password' } });
    });

    const storedOAuth2 = { tokenEndpoint: 'https://login.example/token', clientId: 'helpdesk-app', clientSecret: 'STORED-CLIENT-SECRET', refreshToken: 'STORED-REFRESH-TOKEN' };
    const oauth2Account = async () => {
      const created = await m.call('POST', '/api/email-accounts', {
        as: admin,
        body: fresh({ password: undefined, oauth2: storedOAuth2, enabled: false, host: 'outlook.office365.com', port: 993, tlsMode: 'tls', user: 'victim@helpdesk.example' }),
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };

    it('an OAuth2 account pointed at another token endpoint without its secrets: 400 on both, nothing posted, nothing changed', async () => {
      const id = await oauth2Account();
      const endpoint = await startTokenEndpoint(() => ({ status: 400, body: { error: 'invalid_grant' } }));
      try {
        const [version, events] = [await versionOf(id), await outboxSize()];
        const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true, oauth2: { tokenEndpoint: endpoint.url, clientId: 'helpdesk-app' } } });
        expect(response.status).toBe(400);
        expect(response.body.detail).toMatch(/[Rr]e-enter the client secret and refresh token/);
        expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/oauth2/clientSecret', '/oauth2/refreshToken']);
        expect(endpoint.forms).toEqual([]);
        expect([await versionOf(id), await outboxSize()]).toEqual([version, events]);
      } finally {
        await endpoint.close();
      }
    });

    it.each([
      ['the client id', { oauth2: { ...storedOAuth2, clientSecret: undefined, refreshToken: undefined, clientId: 'another-app' } }],
      ['the IMAP host (the access token drawn would go there)', { host: 'imap.elsewhere.example' }],
      ['only one of the secrets given', { oauth2: { ...storedOAuth2, tokenEndpoint: 'https://login.elsewhere.example/token', refreshToken: undefined } }],
    ])('an OAuth2 account: changing %s is saved while disabled, and enabling then needs the secrets again', async (_what, change) => {
      const id = await oauth2Account();
      expect((await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: change })).status).toBe(200);
      const version = await versionOf(id);
      const response = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { enabled: true } });
      expect(response.status).toBe(400);
      expect(response.body.detail).toMatch(/[Rr]e-enter the client secret and refresh token/);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/oauth2/refreshToken');
      expect(await versionOf(id)).toBe(version);
    });

    it('an OAuth2 account keeps its secrets for a new scope, and takes a new endpoint with both secrets given', async () => {
      const id = await oauth2Account();
      const scope = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { oauth2: { tokenEndpoint: storedOAuth2.tokenEndpoint, clientId: storedOAuth2.clientId, scope: 'offline_access' } } });
      expect(scope).toMatchObject({ status: 200, body: { oauth2: { scope: 'offline_access' } } });
      const moved = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { oauth2: { ...storedOAuth2, tokenEndpoint: 'https://login.elsewhere.example/token' } } });
      expect(moved).toMatchObject({ status: 200, body: { oauth2: { tokenEndpoint: 'https://login.elsewhere.example/token' } } });
    });
  });

  describe('secrets never cross the network in clear text (review i11, item 2)', () => {
    it.each([
      ['plain IMAP to a remote host', () => fresh({ host: 'imap.example.com', tlsMode: 'none', enabled: false }), '/tlsMode', /only for a server on this host/],
      ['plain IMAP to a private address', () => fresh({ host: '10.0.0.5', tlsMode: 'none', enabled: false }), '/tlsMode', /only for a server on this host/],
      ['plain IMAP to a name that merely starts like loopback', () => fresh({ host: '127.0.0.1.example.com', tlsMode: 'none', enabled: false }), '/tlsMode', /only for a server on this host/],
      [
        'an http token endpoint on a remote host',
        () => fresh({ password: undefined, enabled: false, host: 'outlook.office365.com', tlsMode: 'tls', oauth2: { tokenEndpoint: 'http://login.example/token', clientId: 'c', clientSecret: 's', refreshToken: 'r' } }),
        '/oauth2/tokenEndpoint',
        /must be https/,
      ],
    ])('refuses %s (400 naming the field, nothing saved)', async (_name, body, pointer, message) => {
      const [accounts, events] = [await count(), await outboxSize()];
      const response = await m.call('POST', '/api/email-accounts', { as: admin, body: body() });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ pointer, message: expect.stringMatching(message) }]);
      expect([await count(), await outboxSize()]).toEqual([accounts, events]);
    });

    it.each([['localhost'], ['127.0.0.2'], ['::1']])('accepts plain IMAP to loopback %s', async (host) => {
      expect((await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ host, tlsMode: 'none', enabled: false }) })).status).toBe(201);
    });

    it('refuses switching a TLS account to plain IMAP on its remote host, even with the password given', async () => {
      const created = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ host: 'imap.example.com', port: 993, tlsMode: 'tls', enabled: false }) });
      const response = await m.call('PATCH', `/api/email-accounts/${created.body.id}`, { as: admin, body: { tlsMode: 'none', port: 143, password: 'p' } });
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/tlsMode' }] } });
      expect((await m.call('GET', `/api/email-accounts/${created.body.id}`, { as: admin })).body).toMatchObject({ tlsMode: 'tls', version: 1 });
    });
  });

  describe('a token endpoint that answers something odd is a 400, never a 500 (review i11, item 4)', () => {
    const oauth2To = (url: string) => fresh({ password: undefined, oauth2: { tokenEndpoint: url, clientId: 'c', clientSecret: 's', refreshToken: 'r' } });
    const startRawEndpoint = async (handler: http.RequestListener) => {
      const server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/token`,
        close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
      };
    };

    it.each([['null'], ['42'], ['["access_token"]'], ['"access_token"'], ['not json']])('answered %s', async (answer) => {
      const endpoint = await startRawEndpoint((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
      try {
        const before = await count();
        const response = await m.call('POST', '/api/email-accounts', { as: admin, body: oauth2To(endpoint.url) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/oauth2/tokenEndpoint', message: expect.stringMatching(/not a JSON object.*check its address/) }]);
        expect(await count()).toBe(before);
      } finally {
        await endpoint.close();
      }
    });

    it('an answer larger than 64 kB is not read further, even one that would carry a token', async () => {
      // 1 MB with a valid token and no length: read whole, the token would be used and Dovecot would refuse XOAUTH2 instead.
      const endpoint = await startRawEndpoint((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'access-token-1', padding: 'x'.repeat(1024 * 1024) }));
      });
      try {
        const response = await m.call('POST', '/api/email-accounts', { as: admin, body: oauth2To(endpoint.url) });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/oauth2/tokenEndpoint', message: expect.stringMatching(/more than 64 kB, far more than a token answer/) }]);
      } finally {
        await endpoint.close();
      }
    });
  });

  describe('who may manage accounts', () => {
    it('needs email_accounts.manage and reach over every customer; staff of a narrower team and contacts are refused', async () => {
      const everyone = await m.addTeam('all');
      const some = await m.addTeam([randomUUID()]);
      expect((await m.call('GET', '/api/email-accounts', { as: agent(['email_accounts.manage'], [everyone]) })).status).toBe(200);
      const narrow = await m.call('GET', '/api/email-accounts', { as: agent(['email_accounts.manage'], [some]) });
      expect(narrow).toMatchObject({ status: 403, body: { detail: expect.stringMatching(/access to all customers/) } });
      const without = await m.call('GET', '/api/email-accounts', { as: agent(['customers.manage'], [everyone]) });
      expect(without).toMatchObject({ status: 403, body: { detail: expect.stringMatching(/email_accounts.manage/) } });
      const before = await count();
      expect((await m.call('POST', '/api/email-accounts', { as: agent(['email_accounts.manage'], [some]), body: fresh() })).status).toBe(403);
      expect((await m.call('GET', '/api/email-accounts', { as: { kind: 'contact', contactId: randomUUID(), customerId: randomUUID() } })).status).toBe(403);
      expect((await m.call('GET', '/api/email-accounts')).status).toBe(401);
      expect(await count()).toBe(before);
    });
  });

  it('a change whose connection test was overtaken by another change is refused (409), and the other change stands', async () => {
    // A relay to Dovecot that holds new connections until released: the test of the first change waits there.
    const held: Array<() => void> = [];
    let holding = false;
    const relay = net.createServer((client) => {
      const connect = () => {
        const upstream = net.connect(dovecot.port, dovecot.host);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      };
      if (holding) held.push(connect);
      else connect();
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const created = await m.call('POST', '/api/email-accounts', { as: admin, body: fresh({ port: (relay.address() as net.AddressInfo).port }) });
      expect(created.status).toBe(201);
      holding = true;
      const slow = m.call('PATCH', `/api/email-accounts/${created.body.id}`, { as: admin, body: { folder: created.body.folder, defaultPriority: 'low' } });
      await waitFor(() => held.length > 0, { what: 'the connection test to be held' });
      const rename = await m.call('PATCH', `/api/email-accounts/${created.body.id}`, { as: admin, body: { name: `Renamed ${created.body.id.slice(0, 6)}` } });
      expect(rename.status).toBe(200);
      held.forEach((release) => release());
      const overtaken = await slow;
      expect(overtaken).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/changed by someone else/) } });
      const now = (await m.call('GET', `/api/email-accounts/${created.body.id}`, { as: admin })).body;
      expect(now).toMatchObject({ name: rename.body.name, defaultPriority: 'normal', version: 2 });
    } finally {
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('after a key rotation, an instance with the new key opens secrets sealed under the old one and seals them anew', async () => {
    const { id, folder } = (await m.call('POST', '/api/email-accounts', { as: admin, body: fresh() })).body;
    const { startTestService } = await import('@helpdesk/testing');
    const { mailIngestService } = await import('../src/service');
    const { loadConfig } = await import('../src/config');
    const rotated = await startTestService(mailIngestService, {
      loadConfig,
      busPrefix: m.busPrefix,
      databaseUrl: m.service.databaseUrl,
      env: { EMAIL_ACCOUNT_SECRET_KEY: 'fe'.repeat(32), EMAIL_ACCOUNT_SECRET_KEY_ID: 'k2', EMAIL_ACCOUNT_PREVIOUS_KEYS: `k1:${testSecrets.emailAccountKey}` },
    });
    try {
      // A change of folder tests the connection with the stored password, opened with the previous key.
      const changed = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { folder, name: `Rotated ${id.slice(0, 6)}` }, url: rotated.url });
      expect(changed.status).toBe(200);
      const [row] = await m.query<{ secret_key_id: string }>('SELECT secret_key_id FROM email_accounts WHERE id = $1', [id]);
      expect(row!.secret_key_id).toBe('k2');
      // An instance not given the new key says so (an operator's fix), and changes nothing.
      const stale = await m.call('PATCH', `/api/email-accounts/${id}`, { as: admin, body: { folder } });
      expect(stale).toMatchObject({ status: 503, body: { detail: expect.stringMatching(/sealed with key "k2".*EMAIL_ACCOUNT_PREVIOUS_KEYS/) } });
    } finally {
      await rotated.stop();
    }
  });
});
