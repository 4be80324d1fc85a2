import { randomUUID } from 'node:crypto';
import { contactLoginEnabledV1, linkKeysFrom, linkToken, parseEvent } from '@helpdesk/contracts-schema';
import { permissions } from '@helpdesk/http';
import { queryDatabase, serviceCallHeader, testSecrets, waitFor } from '@helpdesk/testing';
import { admin, startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const testLinkKeys = linkKeysFrom({ PORTAL_LINK_SECRET: testSecrets.portalLink, PORTAL_LINK_KEY_ID: 'k1' });
const password = 'a long enough password';
const switchedOff = 'The customer portal is switched off. Write to us by email; every update on your tickets reaches you there.';

/**
 * Customer apps (issue 12, seed 000): the portal app can be enabled, disabled, deleted and created
 * again; while none is enabled (email-only mode) every way into the portal is refused, and nothing is
 * revoked, so enabling it again restores every login.
 */
describe('customer apps and email-only mode at the gateway', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let adminToken: string;

  beforeAll(async () => {
    g = await startGateway();
    adminToken = await g.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(() => g.stop());

  const apps = async () => (await g.call('GET', '/api/customer-apps', { token: adminToken })).body.items as Array<Record<string, any>>;
  const portalApp = async () => (await apps()).find((app) => app.kind === 'portal');
  const setEnabled = async (enabled: boolean) => {
    const app = (await portalApp())!;
    const answer = await g.call('PATCH', `/api/customer-apps/${app.id}`, { token: adminToken, body: { enabled, version: app.version } });
    expect(answer).toMatchObject({ status: 200, body: { enabled } });
  };

  /** The customer_app.* events in the outbox for an app, oldest first: type, aggregate version and data (each valid by the catalog). */
  async function appEvents(appId: string) {
    const rows = await queryDatabase<{ payload: string }>(
      g.databaseUrl,
      "SELECT payload::text AS payload FROM outbox WHERE event_type LIKE 'customer_app.%' AND payload->'aggregate'->>'id' = $1 ORDER BY id",
      [appId],
    );
    return rows.map((row) => parseEvent(row.payload)).map((e) => ({ type: e.type, version: e.aggregate.version, data: e.data }));
  }

  let contactCounter = 0;
  function newContact() {
    contactCounter += 1;
    const contactId = randomUUID();
    return { contactId, customerId: customerA, firstName: 'Harry', lastName: 'Porter', email: `harry.apps${contactCounter}@customer.example` };
  }
  type Contact = ReturnType<typeof newContact>;

  const issued = (contact: Contact) =>
    queryDatabase<{ payload: { data: { invitationId: string; keyId: string } } }>(
      g.databaseUrl,
      "SELECT payload FROM outbox WHERE event_type = 'portal_invitation.issued' AND payload->'data'->>'contactId' = $1 ORDER BY id",
      [contact.contactId],
    );
  const handled = (eventId: string) =>
    waitFor(async () => (await queryDatabase(g.databaseUrl, "SELECT 1 FROM processed_events WHERE consumer = 'gateway' AND event_id = $1", [eventId])).length > 0, {
      what: 'the gateway to handle the event',
    });

  /** Enables login as the customers service does; the link the invitation email would carry, if one was issued. */
  async function enableLogin(contact: Contact, version: number): Promise<string | undefined> {
    const event = await g.publish(contactLoginEnabledV1, { id: contact.contactId, version }, contact);
    await handled(event.id);
    const last = (await issued(contact)).at(-1);
    return last && linkToken(testLinkKeys, 'invitation', last.payload.data.invitationId, last.payload.data.keyId);
  }
  const accept = (token: string) => g.call('POST', '/api/portal/invitations/accept', { body: { token, password } });
  const portalLogin = (email: string) => g.call('POST', '/api/portal/login', { body: { email, password } });
  const me = async (token: string) => (await g.call('GET', '/api/auth/me', { token })).status;
  const internalAccess = async (contact: Contact) => {
    const path = `/internal/portal-access/${contact.contactId}`;
    return (await fetch(`${g.gateway.internalUrl}${path}`, { headers: serviceCallHeader('customers', { service: 'gateway', method: 'GET', path }) })).json();
  };

  it('starts with the enabled portal app the migration created and announced', async () => {
    const app = await portalApp();
    expect(app).toMatchObject({ kind: 'portal', name: 'Customer portal', enabled: true, appearance: {}, version: 1 });
    expect(await appEvents(app!.id)).toEqual([{ type: 'customer_app.created', version: 1, data: { appId: app!.id, kind: 'portal', name: 'Customer portal', enabled: true } }]);
    expect(await g.call('GET', '/api/portal/status')).toMatchObject({ status: 200, body: { available: true } });
  });

  it('needs customer_apps.manage for every administration route', async () => {
    const app = (await portalApp())!;
    const agent = await g.newStaff(adminToken, { permissions: [permissions.manageStaff.name] });
    for (const [method, path, body] of [
      ['GET', '/api/customer-apps', undefined],
      ['POST', '/api/customer-apps', { kind: 'portal', name: 'Another' }],
      ['PATCH', `/api/customer-apps/${app.id}`, { enabled: false, version: app.version }],
      ['DELETE', `/api/customer-apps/${app.id}`, undefined],
    ] as const) {
      const answer = await g.call(method, path, { token: agent.token, body });
      expect(answer).toMatchObject({ status: 403, body: { detail: expect.stringContaining('customer_apps.manage') } });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await g.call('GET', '/api/customer-apps')).status).toBe(401);
    const manager = await g.newStaff(adminToken, { permissions: [permissions.manageCustomerApps.name] });
    expect(await g.call('GET', '/api/customer-apps', { token: manager.token })).toMatchObject({ status: 200, body: { items: [{ id: app.id }] } });
    expect(await portalApp()).toMatchObject({ enabled: true, version: app.version });
  });

  it('changes, deletes and creates the portal app, refusing a second one and a stale version, and records each change with its version', async () => {
    const app = (await portalApp())!;
    const before = (await appEvents(app.id)).length;
    expect(await g.call('POST', '/api/customer-apps', { token: adminToken, body: { kind: 'portal', name: 'Second portal' } })).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining('one at most') },
    });
    expect((await g.call('POST', '/api/customer-apps', { token: adminToken, body: { kind: 'kiosk', name: 'Kiosk' } })).status).toBe(400);
    expect((await g.call('PATCH', `/api/customer-apps/${app.id}`, { token: adminToken, body: { version: app.version } })).status).toBe(400);
    expect((await g.call('PATCH', `/api/customer-apps/${randomUUID()}`, { token: adminToken, body: { enabled: false, version: 1 } })).status).toBe(404);

    const renamed = await g.call('PATCH', `/api/customer-apps/${app.id}`, {
      token: adminToken,
      body: { name: 'Acme support portal', appearance: { primaryColor: '#0055aa', logoUrl: 'https://acme.example/logo.png' }, version: app.version },
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Acme support portal', enabled: true, appearance: { primaryColor: '#0055aa' }, version: app.version + 1 } });
    // Someone who read the app before that change is told so, and changes nothing.
    expect(await g.call('PATCH', `/api/customer-apps/${app.id}`, { token: adminToken, body: { enabled: false, version: app.version } })).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining(`version ${app.version + 1}`) },
    });
    expect(await portalApp()).toMatchObject({ enabled: true, version: app.version + 1 });

    expect((await g.call('DELETE', `/api/customer-apps/${app.id}`, { token: adminToken })).status).toBe(204);
    expect(await apps()).toEqual([]);
    expect((await g.call('DELETE', `/api/customer-apps/${app.id}`, { token: adminToken })).status).toBe(404);
    expect(await g.call('GET', '/api/portal/status')).toMatchObject({ status: 200, body: { available: false, detail: switchedOff } });
    expect((await appEvents(app.id)).slice(before)).toEqual([
      { type: 'customer_app.updated', version: app.version + 1, data: { appId: app.id, kind: 'portal', name: 'Acme support portal', enabled: true } },
      { type: 'customer_app.deleted', version: app.version + 2, data: { appId: app.id, kind: 'portal' } },
    ]);

    // A new one starts afresh: the deleted one's configuration is forgotten.
    const created = await g.call('POST', '/api/customer-apps', { token: adminToken, body: { kind: 'portal', name: 'Customer portal' } });
    expect(created).toMatchObject({ status: 201, body: { kind: 'portal', name: 'Customer portal', enabled: true, appearance: {}, version: 1 } });
    expect(created.body.id).not.toBe(app.id);
    expect(created.headers.get('location')).toBe(`/api/customer-apps/${created.body.id}`);
    expect(await appEvents(created.body.id)).toEqual([
      { type: 'customer_app.created', version: 1, data: { appId: created.body.id, kind: 'portal', name: 'Customer portal', enabled: true } },
    ]);
    expect(await g.call('GET', '/api/portal/status')).toMatchObject({ body: { available: true } });
  });

  it('refuses every way into the portal while it is switched off, revoking nothing, and restores every login when it is switched on again', async () => {
    // One contact signed in, one invited with a link not yet used.
    const active = newContact();
    expect((await accept((await enableLogin(active, 2))!)).status).toBe(200);
    const login = await portalLogin(active.email);
    expect(login.status).toBe(200);
    const portalToken = login.body.accessToken as string;
    const invited = newContact();
    const pendingLink = (await enableLogin(invited, 2))!;

    await setEnabled(false);
    expect(await g.call('GET', '/api/portal/status')).toMatchObject({ body: { available: false, detail: switchedOff } });

    // Sign-in: the same 403 for a real account and a stranger, before the throttle counts anything.
    const throttlesBefore = await queryDatabase(g.databaseUrl, 'SELECT key, failures FROM sign_in_throttles ORDER BY key');
    for (const email of [active.email, 'nobody@customer.example']) {
      for (const attempt of [password, 'a wrong password']) {
        const refused = await g.call('POST', '/api/portal/login', { body: { email, password: attempt } });
        expect(refused).toMatchObject({ status: 403, body: { status: 403, detail: switchedOff } });
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.headers.get('set-cookie')).toBeNull();
      }
    }
    expect(await queryDatabase(g.databaseUrl, 'SELECT key, failures FROM sign_in_throttles ORDER BY key')).toEqual(throttlesBefore);

    // A portal token in hand: 403 on every request, but not revoked.
    expect(await g.call('GET', '/api/auth/me', { token: portalToken })).toMatchObject({ status: 403, body: { detail: switchedOff } });
    expect((await g.call('POST', '/api/portal/sign-out-everywhere', { token: portalToken })).status).toBe(403);
    // Staff are not concerned.
    expect(await me(adminToken)).toBe(200);

    // The invitation is refused and stays usable.
    expect(await accept(pendingLink)).toMatchObject({ status: 403, body: { detail: switchedOff } });
    expect(await queryDatabase(g.databaseUrl, 'SELECT status FROM contact_accounts WHERE contact_id = $1', [invited.contactId])).toEqual([{ status: 'invited' }]);

    // A reset request is answered as always, and records nothing (no email).
    const resetsBefore = await queryDatabase(g.databaseUrl, "SELECT count(*)::int AS n FROM outbox WHERE event_type = 'password_reset.requested'");
    expect((await g.call('POST', '/api/portal/password-reset', { body: { email: active.email } })).status).toBe(202);
    expect(await queryDatabase(g.databaseUrl, "SELECT id FROM password_resets WHERE account_id = $1", [active.contactId])).toEqual([]);
    expect(await queryDatabase(g.databaseUrl, "SELECT count(*)::int AS n FROM outbox WHERE event_type = 'password_reset.requested'")).toEqual(resetsBefore);

    // An enable-login that arrives now issues no invitation; the account keeps its invited version.
    const late = newContact();
    expect(await enableLogin(late, 2)).toBeUndefined();
    expect(await queryDatabase(g.databaseUrl, 'SELECT status, invited_version, email FROM contact_accounts WHERE contact_id = $1', [late.contactId])).toEqual([
      { status: 'none', invited_version: 0, email: late.email },
    ]);
    // The customers service asks before it enables login.
    expect(await internalAccess(active)).toEqual({ contactId: active.contactId, status: 'active', customerId: customerA, portalAppEnabled: false });

    await setEnabled(true);
    expect(await g.call('GET', '/api/portal/status')).toMatchObject({ body: { available: true } });
    expect(await internalAccess(active)).toMatchObject({ status: 'active', portalAppEnabled: true });
    expect(await me(portalToken)).toBe(200);
    expect((await portalLogin(active.email)).status).toBe(200);
    expect((await accept(pendingLink)).status).toBe(200);
    expect((await portalLogin(invited.email)).status).toBe(200);
    expect((await g.call('POST', '/api/portal/password-reset', { body: { email: active.email } })).status).toBe(202);
    expect(await queryDatabase(g.databaseUrl, 'SELECT id FROM password_resets WHERE account_id = $1', [active.contactId])).toHaveLength(1);
    // Enabling login again for the late contact now invites them.
    expect(await enableLogin(late, 3)).toEqual(expect.any(String));
  });

  it('refuses completing a contact’s reset link while switched off, and keeps the link for later', async () => {
    const contact = newContact();
    expect((await accept((await enableLogin(contact, 2))!)).status).toBe(200);
    expect((await g.call('POST', '/api/portal/password-reset', { body: { email: contact.email } })).status).toBe(202);
    const [requested] = await queryDatabase<{ payload: { data: { resetId: string; keyId: string } } }>(
      g.databaseUrl,
      "SELECT payload FROM outbox WHERE event_type = 'password_reset.requested' AND payload->'data'->>'email' = $1",
      [contact.email],
    );
    const link = linkToken(testLinkKeys, 'password_reset', requested!.payload.data.resetId, requested!.payload.data.keyId);
    const complete = () => g.call('POST', '/api/portal/password-reset/complete', { body: { token: link, password: 'a brand new password' } });

    await setEnabled(false);
    expect(await complete()).toMatchObject({ status: 403, body: { detail: switchedOff } });
    await setEnabled(true);
    expect((await complete()).status).toBe(200);
  });
});
