import { queryDatabase, waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

describe('portal access by invitation, through the gateway', () => {
  let system: System;
  let admin: string;
  let customerA: { id: string; name: string };
  let customerB: { id: string; name: string };

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    const a = await system.api('POST', '/api/customers', { token: admin, body: { name: 'Emma Watson Ltd' } });
    const b = await system.api('POST', '/api/customers', { token: admin, body: { name: 'Hannah Baker GmbH' } });
    expect([a.status, b.status]).toEqual([201, 201]);
    customerA = a.body;
    customerB = b.body;
  });
  afterAll(() => system?.stop());

  const { addContact, invite, accept, portalLogin } = portalActions(() => system, () => admin);
  const portalState = async (contactId: string) => (await system.api('GET', `/api/contacts/${contactId}`, { token: admin })).body.portalState;

  it('invites a contact by email; the link sets a password once; the contact signs in; an expired link fails', async () => {
    // Created by an administrator in a new installation: invited at once (issue 12, seed 000).
    const contact = await addContact(customerA.id, 'harry@emmawatson.example');
    expect(contact.invitation).toEqual(expect.any(String));
    expect(await portalState(contact.id)).toBe('invited');
    // Enable Login invites again: a new link, and the first one no longer works.
    const token = await invite(contact.id, contact.email);
    expect(await portalState(contact.id)).toBe('invited');
    expect((await accept(contact.invitation!, 'my portal password')).status).toBe(410);

    expect(await accept(token, 'my portal password')).toMatchObject({ status: 200, body: { status: 'active' } });
    await waitFor(async () => (await portalState(contact.id)) === 'active', { what: 'portal state active' });
    const session = await portalLogin(contact.email, 'my portal password');
    expect(session.status).toBe(200);
    const me = await system.api('GET', '/api/portal/me', { token: session.body.accessToken });
    expect(me).toMatchObject({ status: 200, body: { id: contact.id, customer: { id: customerA.id, name: customerA.name } } });

    const reused = await accept(token, 'another portal password');
    expect(reused).toMatchObject({ status: 410, body: { detail: expect.stringContaining('already been used') } });
    expect((await portalLogin(contact.email, 'another portal password')).status).toBe(401);

    // The email log keeps no usable link once the invitation went out.
    const bodies = await waitFor(async () => {
      const rows = await queryDatabase<{ text_body: string; sent_at: Date | null }>(
        system.services.notifier.databaseUrl,
        "SELECT text_body, sent_at FROM outgoing_emails WHERE kind = 'portal_invitation' AND to_address = $1",
        [contact.email],
      );
      return rows.every((row) => row.sent_at) && rows;
    }, { what: 'the invitation to be marked sent' });
    expect(bodies.map((row) => row.text_body).join('\n')).not.toContain(token.split('.').at(-1));

    const late = await addContact(customerA.id, 'late@emmawatson.example');
    const lateToken = await invite(late.id, late.email);
    await queryDatabase(system.services.gateway.databaseUrl, "UPDATE portal_invitations SET expires_at = now() - interval '1 second' WHERE contact_id = $1", [late.id]);
    expect(await accept(lateToken, 'my portal password')).toMatchObject({ status: 410, body: { detail: expect.stringContaining('expired') } });
    expect(await portalState(late.id)).toBe('invited');
  });

  it('moving a contact to another customer ends the token in hand; only a new invitation opens the new customer, never the old', async () => {
    const contact = await addContact(customerA.id, 'mover@emmawatson.example');
    await accept(await invite(contact.id, contact.email), 'password before the move');
    const oldToken = (await portalLogin(contact.email, 'password before the move')).body.accessToken;
    const locationA = await system.api('POST', `/api/customers/${customerA.id}/locations`, { token: admin, body: { name: 'London office' } });
    const locationB = await system.api('POST', `/api/customers/${customerB.id}/locations`, { token: admin, body: { name: 'Berlin office' } });
    expect((await system.api('GET', `/api/portal/locations/${locationA.body.id}`, { token: oldToken })).status).toBe(200);

    const unconfirmed = await system.api('POST', `/api/contacts/${contact.id}/move`, { token: admin, body: { customerId: customerB.id } });
    expect(unconfirmed).toMatchObject({ status: 409, body: { detail: expect.stringContaining('portal access') } });
    expect((await system.api('GET', '/api/portal/me', { token: oldToken })).status).toBe(200);

    const moved = await system.api('POST', `/api/contacts/${contact.id}/move`, {
      token: admin,
      body: { customerId: customerB.id, confirmPortalAccessEnd: true },
    });
    expect(moved.status).toBe(200);
    expect((await system.api('GET', '/api/portal/me', { token: oldToken })).status).toBe(401);
    expect((await system.api('GET', `/api/portal/locations/${locationA.body.id}`, { token: oldToken })).status).toBe(401);
    expect(await portalState(contact.id)).toBe('none');
    expect((await portalLogin(contact.email, 'password before the move')).status).toBe(401);

    await accept(await invite(contact.id, contact.email), 'password after the move');
    const newToken = (await portalLogin(contact.email, 'password after the move')).body.accessToken;
    const me = await system.api('GET', '/api/portal/me', { token: newToken });
    expect(me.body.customer).toEqual({ id: customerB.id, name: customerB.name });
    const locations = await system.api('GET', '/api/portal/locations', { token: newToken });
    expect(locations.body.items.map((l: { id: string }) => l.id)).toEqual([locationB.body.id]);
    expect((await system.api('GET', `/api/portal/locations/${locationA.body.id}`, { token: newToken })).status).toBe(404);
    expect((await system.api('GET', `/api/portal/locations/${locationB.body.id}`, { token: newToken })).status).toBe(200);
  });

  it('deactivating a contact ends their access on the next request', async () => {
    const contact = await addContact(customerA.id, 'leaver@emmawatson.example');
    await accept(await invite(contact.id, contact.email), 'password of a leaver');
    const token = (await portalLogin(contact.email, 'password of a leaver')).body.accessToken;
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(200);
    expect((await system.api('POST', `/api/contacts/${contact.id}/deactivate`, { token: admin })).status).toBe(200);
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(401);
    expect((await portalLogin(contact.email, 'password of a leaver')).status).toBe(401);
  });

  it('keeps portal contacts out of admin routes and staff out of portal routes', async () => {
    const contact = await addContact(customerA.id, 'curious@emmawatson.example');
    await accept(await invite(contact.id, contact.email), 'a curious password');
    const token = (await portalLogin(contact.email, 'a curious password')).body.accessToken;
    for (const [method, path] of [
      ['GET', '/api/customers'],
      ['GET', `/api/customers/${customerA.id}`],
      ['POST', `/api/customers/${customerA.id}/contacts`],
      ['GET', `/api/contacts/${contact.id}`],
      ['POST', `/api/contacts/${contact.id}/enable-login`],
      ['GET', '/api/staff'],
      ['GET', '/api/teams'],
      ['POST', '/api/tickets'],
    ] as const) {
      const response = await system.api(method, path, { token, body: method === 'POST' ? {} : undefined });
      expect([403, 404]).toContain(response.status);
    }
    expect((await system.api('GET', '/api/portal/me', { token: admin })).status).toBe(403);
  });
});
