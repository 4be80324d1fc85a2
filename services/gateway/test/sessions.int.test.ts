import { randomUUID } from 'node:crypto';
import { linkKeysFrom, linkToken } from '@helpdesk/contracts-schema';
import { newTestDatabaseUrl, queryDatabase, testSecrets, waitFor, watchEvents } from '@helpdesk/testing';
import { hashPassword } from '../src/domain/passwords';
import { RESETS_PER_HOUR } from '../src/domain/password-reset';
import { admin, startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const password = 'a long enough password';
const testLinkKeys = linkKeysFrom({ PORTAL_LINK_SECRET: testSecrets.portalLink, PORTAL_LINK_KEY_ID: 'k1' });

/** Two gateways on one database: what one does, the other applies at the next request. */
describe('sign out everywhere and password reset', () => {
  const databaseUrl = newTestDatabaseUrl('gateway_sessions');
  let first: Awaited<ReturnType<typeof startGateway>>;
  let second: Awaited<ReturnType<typeof startGateway>>;
  let events: Awaited<ReturnType<typeof watchEvents>>;
  let adminToken: string;

  beforeAll(async () => {
    first = await startGateway({ databaseUrl });
    second = await startGateway({ databaseUrl, busPrefix: first.busPrefix });
    events = await watchEvents(first.busPrefix, ['password_reset.requested']);
    adminToken = await first.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await events.close();
    await second.stop({ keepDatabase: true });
    await first.stop();
  });

  let counter = 0;
  async function newAgent() {
    counter += 1;
    const email = `agent${counter}@helpdesk.test`;
    const created = await first.call('POST', '/api/staff', { token: adminToken, body: { email, name: `Agent ${counter}`, password } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, email };
  }

  /** A contact whose portal login is active, as an accepted invitation leaves it. */
  async function activeContact(status = 'active') {
    const contactId = randomUUID();
    const email = `contact-${contactId.slice(0, 8)}@customer.example`;
    await queryDatabase(
      databaseUrl,
      `INSERT INTO contact_accounts (contact_id, customer_id, email, first_name, last_name, password_hash, status, invited_version, updated_at)
       VALUES ($1, $2, $3, 'Harry', 'Porter', $4, $5, 2, now())`,
      [contactId, customerA, email, await hashPassword(password), status],
    );
    return { id: contactId, email };
  }

  const me = async (g: typeof first, token: string) => (await g.call('GET', '/api/auth/me', { token })).status;
  const loginPath = { staff: '/api/auth/login', contact: '/api/portal/login' } as const;
  const basePath = { staff: '/api/auth', contact: '/api/portal' } as const;
  type Kind = keyof typeof basePath;

  describe('sign out everywhere', () => {
    it('ends every token of a staff user, on every gateway, at the next request; signing in again works', async () => {
      const agent = await newAgent();
      const laptop = await first.signIn(loginPath.staff, agent.email, password);
      const phone = await second.signIn(loginPath.staff, agent.email, password);
      expect([await me(first, laptop), await me(second, phone)]).toEqual([200, 200]);

      expect((await first.call('POST', '/api/auth/sign-out-everywhere', { token: laptop })).status).toBe(204);
      expect([await me(second, laptop), await me(second, phone), await me(first, phone)]).toEqual([401, 401, 401]);
      expect(await me(second, await second.signIn(loginPath.staff, agent.email, password))).toBe(200);
    });

    it('lets an administrator sign a staff user out everywhere', async () => {
      const agent = await newAgent();
      const token = await first.signIn(loginPath.staff, agent.email, password);
      expect((await second.call('POST', `/api/staff/${agent.id}/sign-out-everywhere`, { token: adminToken })).status).toBe(204);
      expect(await me(first, token)).toBe(401);
      expect(await me(first, adminToken)).toBe(200);
      const unknown = await first.call('POST', `/api/staff/${randomUUID()}/sign-out-everywhere`, { token: adminToken });
      expect(unknown).toMatchObject({ status: 404, body: { detail: expect.stringContaining('does not exist') } });
    });

    it('ends every portal token of a contact, on every gateway, at the next request', async () => {
      const contact = await activeContact();
      const laptop = await first.signIn(loginPath.contact, contact.email, password);
      const phone = await second.signIn(loginPath.contact, contact.email, password);
      expect((await second.call('POST', '/api/portal/sign-out-everywhere', { token: phone })).status).toBe(204);
      expect([await me(first, laptop), await me(first, phone)]).toEqual([401, 401]);
      expect(await me(first, await first.signIn(loginPath.contact, contact.email, password))).toBe(200);
    });

    it('needs a valid token', async () => {
      expect((await first.call('POST', '/api/auth/sign-out-everywhere')).status).toBe(401);
    });

    it('is the staff route for staff and the portal route for contacts: the other kind gets 403 and stays signed in', async () => {
      const agent = await newAgent();
      const staffToken = await first.signIn(loginPath.staff, agent.email, password);
      const contact = await activeContact();
      const portalToken = await first.signIn(loginPath.contact, contact.email, password);
      expect((await first.call('POST', '/api/portal/sign-out-everywhere', { token: staffToken })).status).toBe(403);
      expect((await first.call('POST', '/api/auth/sign-out-everywhere', { token: portalToken })).status).toBe(403);
      expect([await me(first, staffToken), await me(first, portalToken)]).toEqual([200, 200]);
    });
  });

  describe.each(['staff', 'contact'] as const)('password reset of a %s account', (kind: Kind) => {
    const newAccount = () => (kind === 'staff' ? newAgent() : activeContact());
    const resetsFor = (email: string) => events.received.filter((e) => e.type === 'password_reset.requested' && e.data.email === email);
    const request = (email: string, g = first) => g.call('POST', `${basePath[kind]}/password-reset`, { body: { email } });
    const complete = (token: string, newPassword = 'a brand new password', g = first) =>
      g.call('POST', `${basePath[kind]}/password-reset/complete`, { body: { token, password: newPassword } });

    /** Asks for a reset and returns the link token the email would carry. */
    async function linkFor(email: string, keys = testLinkKeys, g = first): Promise<string> {
      const before = resetsFor(email).length;
      expect((await request(email, g)).status).toBe(202);
      await waitFor(() => resetsFor(email).length > before, { what: 'password_reset.requested' });
      const event = resetsFor(email).at(-1)!;
      expect(event.data).toMatchObject({ accountKind: kind, email });
      return linkToken(keys, 'password_reset', String(event.data.resetId), String(event.data.keyId));
    }
    const passwordOf = async (email: string) => (await first.call('POST', loginPath[kind], { body: { email, password: 'a brand new password' } })).status;

    it('answers the same whether or not the account exists, and sends a link only to one that does', async () => {
      const account = await newAccount();
      const known = await request(account.email);
      const unknown = await request(`nobody-${randomUUID().slice(0, 8)}@nowhere.example`);
      expect([known.status, unknown.status]).toEqual([202, 202]);
      expect(unknown.body).toEqual(known.body);
      await waitFor(() => resetsFor(account.email).length === 1, { what: 'the reset of the known account' });
      const rows = await queryDatabase(databaseUrl, 'SELECT account_id FROM password_resets WHERE account_id = $1', [account.id]);
      expect(rows).toHaveLength(1);
      // The token is in neither the stored row nor the outbox.
      const token = linkToken(testLinkKeys, 'password_reset', String(resetsFor(account.email)[0]!.data.resetId));
      const stored = await queryDatabase(databaseUrl, "SELECT r.token_hash, o.payload FROM password_resets r, outbox o WHERE o.event_type = 'password_reset.requested' AND r.account_id = $1", [account.id]);
      expect(JSON.stringify(stored)).not.toContain(token.split('.').at(-1));
    });

    it('sets the new password with the link, once, and signs the account out everywhere', async () => {
      const account = await newAccount();
      const token = await first.signIn(loginPath[kind], account.email, password);
      const link = await linkFor(account.email);

      const weak = await complete(link, 'short');
      expect(weak).toMatchObject({ status: 400, body: { errors: [{ pointer: '/password' }] } });
      expect(await me(second, token)).toBe(200);

      expect(await complete(link)).toMatchObject({ status: 200, body: { email: account.email } });
      expect(await me(second, token)).toBe(401);
      expect(await passwordOf(account.email)).toBe(200);
      expect((await first.call('POST', loginPath[kind], { body: { email: account.email, password } })).status).toBe(401);

      const used = await complete(link, 'yet another new password');
      expect(used).toMatchObject({ status: 410, body: { detail: expect.stringContaining('already been used') } });
      expect(await passwordOf(account.email)).toBe(200);
    });

    it('refuses an expired, replaced, foreign or malformed link with a clear error, changing nothing', async () => {
      const account = await newAccount();
      const expired = await linkFor(account.email);
      await queryDatabase(databaseUrl, "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE account_id = $1", [account.id]);
      expect(await complete(expired)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('expired') } });

      const replaced = await linkFor(account.email);
      const newest = await linkFor(account.email);
      expect(await complete(replaced)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('replaced by a newer password reset link') } });

      const forged = linkToken(linkKeysFrom({ PORTAL_LINK_SECRET: 'a secret that is not the gateway secret!!', PORTAL_LINK_KEY_ID: 'k1' }), 'password_reset', newest.split('.')[0]!);
      expect(await complete(forged)).toMatchObject({ status: 404, body: { detail: 'This password reset link is not valid.' } });
      // An invitation token for the same id, and the link of the other kind of account, are foreign too.
      expect((await complete(linkToken(testLinkKeys, 'invitation', newest.split('.')[0]!))).status).toBe(404);
      const otherKind = kind === 'staff' ? 'contact' : 'staff';
      expect((await first.call('POST', `${basePath[otherKind]}/password-reset/complete`, { body: { token: newest, password: 'a brand new password' } })).status).toBe(404);
      expect(await complete('not-a-link')).toMatchObject({ status: 400, body: { detail: expect.stringContaining('incomplete or damaged') } });

      expect(await passwordOf(account.email)).toBe(401);
      expect((await complete(newest)).status).toBe(200);
    });

    it(`sends at most ${RESETS_PER_HOUR} links an hour to one account, answering alike`, async () => {
      const account = await newAccount();
      for (let i = 0; i < RESETS_PER_HOUR + 2; i++) expect((await request(account.email)).status).toBe(202);
      const rows = await queryDatabase(databaseUrl, 'SELECT id FROM password_resets WHERE account_id = $1', [account.id]);
      expect(rows).toHaveLength(RESETS_PER_HOUR);
    });
  });

  it('refuses a reset for a contact whose portal login is not active, and a link whose contact lost access since', async () => {
    const invited = await activeContact('invited');
    expect((await first.call('POST', '/api/portal/password-reset', { body: { email: invited.email } })).status).toBe(202);
    expect(await queryDatabase(databaseUrl, 'SELECT id FROM password_resets WHERE account_id = $1', [invited.id])).toEqual([]);

    const revoked = await activeContact();
    expect((await first.call('POST', '/api/portal/password-reset', { body: { email: revoked.email } })).status).toBe(202);
    const event = await waitFor(() => events.received.find((e) => e.data.email === revoked.email), { what: 'the reset' });
    // Portal access ends (Disable Login, a move) before the link is used, as a revocation leaves the account.
    await queryDatabase(databaseUrl, "UPDATE contact_accounts SET status = 'none', password_hash = NULL, token_version = token_version + 1 WHERE contact_id = $1", [revoked.id]);
    const token = linkToken(testLinkKeys, 'password_reset', String(event.data.resetId), String(event.data.keyId));
    const late = await first.call('POST', '/api/portal/password-reset/complete', { body: { token, password: 'a brand new password' } });
    expect(late).toMatchObject({ status: 410, body: { detail: expect.stringContaining('withdrawn') } });
    expect(await queryDatabase(databaseUrl, 'SELECT status, password_hash FROM contact_accounts WHERE contact_id = $1', [revoked.id])).toEqual([{ status: 'none', password_hash: null }]);
  });

  describe('password resets of staff: administrators, deactivation, a password set by another', () => {
    const newStaff = (role: 'admin' | 'agent' = 'agent') => first.newStaff(adminToken, { role, password });
    /** Asks for a reset link for `email` and returns it as the email would carry it. */
    async function linkFor(email: string): Promise<string> {
      expect((await first.call('POST', '/api/auth/password-reset', { body: { email } })).status).toBe(202);
      const event = await waitFor(() => events.received.filter((e) => e.data.email === email).at(-1), { what: 'password_reset.requested' });
      return linkToken(testLinkKeys, 'password_reset', String(event.data.resetId), String(event.data.keyId));
    }
    const complete = (token: string) => first.call('POST', '/api/auth/password-reset/complete', { body: { token, password: 'a brand new password' } });
    const signsInWith = async (email: string, withPassword: string) => (await first.call('POST', '/api/auth/login', { body: { email, password: withPassword } })).status;

    it('sends an administrator no link, answering alike: the notifier that mails it could read it', async () => {
      const other = await newStaff('admin');
      for (const email of [admin.email, other.email]) {
        expect(await first.call('POST', '/api/auth/password-reset', { body: { email } })).toMatchObject({ status: 202 });
      }
      // The reset and its event are recorded in the transaction the answer waited for: none means none.
      const emails = [admin.email, other.email];
      expect(await queryDatabase(databaseUrl, 'SELECT r.id FROM password_resets r JOIN staff_users s ON s.id = r.account_id WHERE s.email = ANY($1)', [emails])).toEqual([]);
      expect(await queryDatabase(databaseUrl, "SELECT event_id FROM outbox WHERE event_type = 'password_reset.requested' AND payload->'data'->>'email' = ANY($1)", [emails])).toEqual([]);
    });

    it('voids the link of an agent made an administrator since', async () => {
      const agent = await newStaff();
      const link = await linkFor(agent.email);
      expect((await first.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { role: 'admin' } })).status).toBe(200);
      expect(await complete(link)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('withdrawn') } });
      expect(await signsInWith(agent.email, password)).toBe(200);
    });

    it('lets another administrator set an administrator’s password: their tokens and open links end', async () => {
      const other = await newStaff('admin');
      const weak = await first.call('PATCH', `/api/staff/${other.id}`, { token: adminToken, body: { password: 'short' } });
      expect(weak).toMatchObject({ status: 400 });
      expect(await me(first, other.token)).toBe(200);
      expect(await first.call('PATCH', `/api/staff/${other.id}`, { token: adminToken, body: { password: 'set by another admin' } })).toMatchObject({
        status: 200,
        body: { id: other.id, role: 'admin' },
      });
      expect(await me(first, other.token)).toBe(401);
      expect([await signsInWith(other.email, password), await signsInWith(other.email, 'set by another admin')]).toEqual([401, 200]);
      expect(JSON.stringify((await first.call('GET', '/api/staff', { token: adminToken })).body)).not.toContain('set by another admin');

      const agent = await newStaff();
      const link = await linkFor(agent.email);
      expect((await first.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { password: 'set for the agent' } })).status).toBe(200);
      expect(await complete(link)).toMatchObject({ status: 410 });
      expect(await signsInWith(agent.email, 'set for the agent')).toBe(200);
    });

    it('ends the tokens and open reset links of a deactivated user: a reactivation brings none back', async () => {
      const agent = await newStaff();
      const link = await linkFor(agent.email);
      expect((await first.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { active: false } })).status).toBe(200);
      expect((await first.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { active: true } })).status).toBe(200);
      expect(await me(first, agent.token)).toBe(401);
      expect(await complete(link)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('withdrawn') } });
      expect(await signsInWith(agent.email, password)).toBe(200);
    });

    it('voids a link issued before the account’s tokens ended, even without a void (issued before an upgrade that added one)', async () => {
      const agent = await newStaff();
      const link = await linkFor(agent.email);
      // As a path that ends tokens but forgot to void links would leave it: only the token version moved.
      await queryDatabase(databaseUrl, 'UPDATE staff_users SET token_version = token_version + 1 WHERE id = $1', [agent.id]);
      expect(await complete(link)).toMatchObject({ status: 410 });
    });
  });

});

describe('rotating the link key', () => {
  it('verifies links of the previous key until it is removed, and signs new links with the new key', async () => {
    const databaseUrl = newTestDatabaseUrl('gateway_link_keys');
    const oldKeys = { PORTAL_LINK_KEY_ID: 'k1', PORTAL_LINK_SECRET: testSecrets.portalLink };
    const rotated = { PORTAL_LINK_KEY_ID: 'k2', PORTAL_LINK_SECRET: 'the second link secret, 32 characters or more', PORTAL_LINK_PREVIOUS_KEYS: `k1:${testSecrets.portalLink}` };
    const removed = { PORTAL_LINK_KEY_ID: 'k2', PORTAL_LINK_SECRET: rotated.PORTAL_LINK_SECRET };
    const before = await startGateway({ databaseUrl, env: oldKeys });
    const after = await startGateway({ databaseUrl, busPrefix: before.busPrefix, env: rotated });
    const withoutOld = await startGateway({ databaseUrl, busPrefix: before.busPrefix, env: removed });
    const events = await watchEvents(before.busPrefix, ['password_reset.requested']);
    try {
      const adminToken = await before.signIn('/api/auth/login', admin.email, admin.password);
      const emails = ['one@helpdesk.test', 'two@helpdesk.test', 'three@helpdesk.test'];
      for (const email of emails) {
        expect((await before.call('POST', '/api/staff', { token: adminToken, body: { email, name: 'Rotated', password } })).status).toBe(201);
      }
      async function link(g: typeof before, email: string) {
        expect((await g.call('POST', '/api/auth/password-reset', { body: { email } })).status).toBe(202);
        const event = await waitFor(() => events.received.find((e) => e.data.email === email), { what: `the reset of ${email}` });
        return { keyId: event.data.keyId, token: linkToken(linkKeysFrom(rotated), 'password_reset', String(event.data.resetId), String(event.data.keyId)) };
      }
      const complete = (g: typeof before, token: string) => g.call('POST', '/api/auth/password-reset/complete', { body: { token, password: 'a brand new password' } });

      const sentBefore = await link(before, emails[0]!);
      const sentBeforeToo = await link(before, emails[1]!);
      const sentAfter = await link(after, emails[2]!);
      expect([sentBefore.keyId, sentAfter.keyId]).toEqual(['k1', 'k2']);
      expect(sentBefore.token).toContain('.k1.');

      expect((await complete(after, sentBefore.token)).status).toBe(200);
      expect((await complete(withoutOld, sentAfter.token)).status).toBe(200);
      // Once k1 is removed, its links are void.
      expect(await complete(withoutOld, sentBeforeToo.token)).toMatchObject({ status: 404, body: { detail: 'This password reset link is not valid.' } });
      expect((await complete(after, sentBeforeToo.token)).status).toBe(200);
    } finally {
      await events.close();
      await withoutOld.stop({ keepDatabase: true });
      await after.stop({ keepDatabase: true });
      await before.stop();
    }
  });
});
