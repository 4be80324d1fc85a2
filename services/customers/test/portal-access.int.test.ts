import { randomUUID } from 'node:crypto';
import { admin, staff, startCustomers, type Customers } from './helpers';

describe('portal access when a contact moves or is deactivated', () => {
  let c: Customers;
  let emma: { id: string; name: string };
  let hannah: { id: string; name: string };

  /** A contact of Emma's with the given portal state, reached through the API. */
  async function contactWithAccess(state: 'none' | 'invited' | 'active') {
    const contact = await c.addContact(emma.id, { firstName: 'Harry', lastName: 'Porter' });
    if (state !== 'none') await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
    if (state === 'active') await c.acceptInvitation(contact.id, emma.id);
    return contact as { id: string; email: string };
  }
  const contactRow = async (id: string) => (await c.rows('SELECT customer_id, portal_state, active FROM contacts WHERE id = $1', [id]))[0];
  const contactVersion = async (id: string) => (await c.rows<{ version: number }>('SELECT version FROM contacts WHERE id = $1', [id]))[0]!.version;
  const revokeCalls = (id: string) => c.gateway.calls.filter((call) => call.path === `POST /internal/portal-access/${id}/revoke`);
  /** The one revocation call expected: as the customers service, at `contactVersion`, while the contact was still as it was (an Emma contact with `state`). */
  const revokedFirst = (id: string, contactVersion: number, state: 'invited' | 'active') => ({
    path: `POST /internal/portal-access/${id}/revoke`,
    principal: { kind: 'service', service: 'customers' },
    body: { contactVersion },
    seen: { customer_id: emma.id, portal_state: state, active: true },
  });

  beforeAll(async () => {
    // Contacts are created without a portal login here (issue 12 invites them at creation; see portal-settings.int.test.ts).
    c = await startCustomers({ invitationEmail: false });
    emma = await c.createCustomer({ name: `Emma Watson ${randomUUID().slice(0, 8)}` });
    hannah = await c.createCustomer({ name: `Hannah Baker ${randomUUID().slice(0, 8)}` });
  });
  afterEach(() => {
    c.gateway.status = 204;
    c.gateway.observe = undefined;
    c.gateway.access = { status: 'none', customerId: null };
  });
  afterAll(() => c?.stop());

  describe('POST /api/contacts/:id/move', () => {
    it('moves a contact without portal access at once, without asking the gateway, and emits contact.customer_changed', async () => {
      const contact = await contactWithAccess('none');
      const moved = await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id });
      expect(moved).toMatchObject({ id: contact.id, customerId: hannah.id, portalState: 'none', active: true });
      await c.waitForEvent('contact.customer_changed', { contactId: contact.id, fromCustomerId: emma.id, toCustomerId: hannah.id });
      expect(revokeCalls(contact.id)).toEqual([]);
    });

    it.each(['invited', 'active'] as const)('warns that the portal access of an %s contact would end, and changes nothing', async (state) => {
      const contact = await contactWithAccess(state);
      for (const body of [{ customerId: hannah.id }, { customerId: hannah.id, confirmPortalAccessEnd: false }]) {
        const before = await c.snapshot();
        const response = await c.api(admin, 'POST', `/api/contacts/${contact.id}/move`, body);
        expect(response.status).toBe(409);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.detail).toContain('ends the portal access of Harry Porter');
        expect(response.body.detail).toContain('"confirmPortalAccessEnd": true');
        expect(await c.snapshot()).toBe(before);
      }
      expect(revokeCalls(contact.id)).toEqual([]);
    });

    it.each(['invited', 'active'] as const)(
      'with the confirmation, revokes the access of an %s contact at the gateway first, then moves them without access',
      async (state) => {
        const contact = await contactWithAccess(state);
        const versionBefore = await contactVersion(contact.id);
        c.gateway.observe = () => contactRow(contact.id);
        const moved = await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
        expect(moved).toMatchObject({ customerId: hannah.id, portalState: 'none' });

        const [call] = revokeCalls(contact.id);
        expect(revokeCalls(contact.id)).toHaveLength(1);
        expect(call!.principal).toEqual({ kind: 'service', service: 'customers' });
        // When the gateway was asked, the contact had not moved yet; it was told the version the move then committed.
        expect(call!.seen).toEqual({ customer_id: emma.id, portal_state: state, active: true });
        expect(call!.body).toEqual({ contactVersion: versionBefore + 1 });
        const event = await c.waitForEvent('contact.customer_changed', { contactId: contact.id, fromCustomerId: emma.id, toCustomerId: hannah.id });
        expect(event.aggregate).toEqual({ type: 'contact', id: contact.id, version: versionBefore + 1 });
      },
    );

    it('answers 503 and changes nothing when the gateway does not confirm the revocation', async () => {
      const contact = await contactWithAccess('active');
      c.gateway.status = 503;
      const before = await c.snapshot();
      const response = await c.api(admin, 'POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.detail).toMatch(/nothing was changed/);
      expect(await c.snapshot()).toBe(before);
      expect(revokeCalls(contact.id)).toHaveLength(1);
    });

    it('refuses a move to the same customer (409) and to an unknown one (404), changing nothing', async () => {
      const contact = await contactWithAccess('active');
      const before = await c.snapshot();
      const same = await c.api(admin, 'POST', `/api/contacts/${contact.id}/move`, { customerId: emma.id, confirmPortalAccessEnd: true });
      expect(same.status).toBe(409);
      expect(same.body.detail).toBe(`Harry Porter already belongs to ${emma.name}.`);
      expect((await c.api(admin, 'POST', `/api/contacts/${contact.id}/move`, { customerId: randomUUID(), confirmPortalAccessEnd: true })).status).toBe(404);
      expect(await c.snapshot()).toBe(before);
      expect(revokeCalls(contact.id)).toEqual([]);
    });

    it('can invite the moved contact again, now for the new customer', async () => {
      const contact = await contactWithAccess('active');
      await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
      await c.waitForEvent('contact.login_enabled', { contactId: contact.id, customerId: hannah.id });
      await c.acceptInvitation(contact.id, hannah.id);
      expect(await contactRow(contact.id)).toEqual({ customer_id: hannah.id, portal_state: 'active', active: true });
    });
  });

  describe('a move that fails after the gateway revoked the access', () => {
    it('changes nothing here (409), and the contact, seen as active, can be invited again once the gateway says they cannot sign in', async () => {
      const contact = await contactWithAccess('active');
      // Someone renames the contact while the gateway revokes: the move may no longer commit the version the gateway was told.
      c.gateway.observe = () => c.ok('PATCH', `/api/contacts/${contact.id}`, { lastName: 'Potter' });
      const move = await c.api(admin, 'POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      expect(move).toMatchObject({ status: 409, body: { detail: expect.stringContaining('changed by someone else') } });
      expect(revokeCalls(contact.id)).toHaveLength(1);
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'active', active: true });

      // The gateway, asked, has no active login for the contact: enable-login goes ahead.
      c.gateway.observe = undefined;
      c.gateway.access = { status: 'none', customerId: null };
      expect(await c.ok('POST', `/api/contacts/${contact.id}/enable-login`)).toMatchObject({ portalState: 'invited', customerId: emma.id });
      const enabled = await c.waitForEvent('contact.login_enabled', { contactId: contact.id, customerId: emma.id, lastName: 'Potter' });
      expect(enabled.aggregate.version).toBe(await contactVersion(contact.id));
      expect(c.gateway.calls.at(-1)!.path).toBe(`GET /internal/portal-access/${contact.id}`);
      await c.acceptInvitation(contact.id, emma.id);
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'active', active: true });
    });

    it('invites a contact the gateway has active for another customer, and answers 503 changing nothing when the gateway cannot tell', async () => {
      const contact = await contactWithAccess('active');
      c.gateway.access = { status: 'active', customerId: hannah.id };
      expect(await c.ok('POST', `/api/contacts/${contact.id}/enable-login`)).toMatchObject({ portalState: 'invited' });

      const other = await contactWithAccess('active');
      c.gateway.status = 503;
      const before = await c.snapshot();
      const refused = await c.api(admin, 'POST', `/api/contacts/${other.id}/enable-login`);
      expect(refused).toMatchObject({ status: 503, body: { detail: expect.stringMatching(/could not say .* nothing was changed/) } });
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('on portal_invitation.accepted after a move', () => {
    it('does not reopen access: the invitation was for the old customer', async () => {
      const contact = await contactWithAccess('invited');
      await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      await c.acceptInvitation(contact.id, emma.id);
      expect(await contactRow(contact.id)).toEqual({ customer_id: hannah.id, portal_state: 'none', active: true });
    });

    it('does not reopen access even once the contact is invited by the new customer', async () => {
      const contact = await contactWithAccess('invited');
      await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
      await c.acceptInvitation(contact.id, emma.id);
      expect(await contactRow(contact.id)).toEqual({ customer_id: hannah.id, portal_state: 'invited', active: true });
    });

    it('does not reopen access once the contact is back at the old customer and invited again: only the new invitation does', async () => {
      const contact = await contactWithAccess('invited');
      const oldInvitation = await c.waitForEvent('contact.login_enabled', { contactId: contact.id, customerId: emma.id });
      await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
      await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: emma.id });
      await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
      await c.acceptInvitation(contact.id, emma.id, oldInvitation.aggregate.version);
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'invited', active: true });
      await c.acceptInvitation(contact.id, emma.id);
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'active', active: true });
    });
  });

  describe('POST /api/contacts/:id/deactivate', () => {
    it('revokes portal access at the gateway first, then deactivates', async () => {
      const contact = await contactWithAccess('active');
      const versionBefore = await contactVersion(contact.id);
      c.gateway.observe = () => contactRow(contact.id);
      expect(await c.ok('POST', `/api/contacts/${contact.id}/deactivate`)).toMatchObject({ active: false, portalState: 'none' });
      expect(revokeCalls(contact.id)).toEqual([revokedFirst(contact.id, versionBefore + 1, 'active')]);
      const event = await c.waitForEvent('contact.deactivated', { contactId: contact.id, customerId: emma.id });
      expect(event.aggregate.version).toBe(versionBefore + 1);
    });

    it('answers 503 and changes nothing when the gateway does not confirm the revocation', async () => {
      const contact = await contactWithAccess('invited');
      c.gateway.status = 500;
      const before = await c.snapshot();
      const response = await c.api(admin, 'POST', `/api/contacts/${contact.id}/deactivate`);
      expect(response.status).toBe(503);
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('POST /api/contacts/:id/disable-login (Disable Login)', () => {
    it.each(['invited', 'active'] as const)(
      'revokes the access of an %s contact at the gateway first, then sets it back to none and records contact.login_disabled',
      async (state) => {
        const contact = await contactWithAccess(state);
        const versionBefore = await contactVersion(contact.id);
        c.gateway.observe = () => contactRow(contact.id);
        expect(await c.ok('POST', `/api/contacts/${contact.id}/disable-login`)).toMatchObject({ id: contact.id, active: true, portalState: 'none', customerId: emma.id });
        expect(revokeCalls(contact.id)).toEqual([revokedFirst(contact.id, versionBefore + 1, state)]);
        const event = await c.waitForEvent('contact.login_disabled', { contactId: contact.id, customerId: emma.id });
        expect(event.aggregate).toEqual({ type: 'contact', id: contact.id, version: versionBefore + 1 });
      },
    );

    it('can be enabled again by a new invitation; the invitation it ended opens nothing when accepted late', async () => {
      const contact = await contactWithAccess('invited');
      const oldInvitation = await c.waitForEvent('contact.login_enabled', { contactId: contact.id, customerId: emma.id });
      await c.ok('POST', `/api/contacts/${contact.id}/disable-login`);
      await c.acceptInvitation(contact.id, emma.id, oldInvitation.aggregate.version);
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'none', active: true });

      expect(await c.ok('POST', `/api/contacts/${contact.id}/enable-login`)).toMatchObject({ portalState: 'invited' });
      await c.acceptInvitation(contact.id, emma.id, await contactVersion(contact.id));
      expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'active', active: true });
    });

    it('refuses a contact without portal login (409), a deactivated one (409), an unknown one (404) and a user without portal_access.manage (403), changing nothing', async () => {
      const none = await contactWithAccess('none');
      const gone = await contactWithAccess('active');
      await c.ok('POST', `/api/contacts/${gone.id}/deactivate`);
      const active = await contactWithAccess('active');
      const callsBefore = c.gateway.calls.length;
      const before = await c.snapshot();
      const noLogin = await c.api(admin, 'POST', `/api/contacts/${none.id}/disable-login`);
      expect(noLogin).toMatchObject({ status: 409, body: { detail: 'Harry Porter has no portal login to disable; use Enable Login to invite them.' } });
      expect((await c.api(admin, 'POST', `/api/contacts/${gone.id}/disable-login`)).status).toBe(409);
      expect((await c.api(admin, 'POST', `/api/contacts/${randomUUID()}/disable-login`)).status).toBe(404);
      const forbidden = await c.api(staff(['contacts.manage', 'customers.manage']), 'POST', `/api/contacts/${active.id}/disable-login`);
      expect(forbidden).toMatchObject({ status: 403, body: { detail: expect.stringContaining('portal_access.manage') } });
      expect(await c.snapshot()).toBe(before);
      expect(c.gateway.calls.length).toBe(callsBefore);
    });

    it('answers 503 and changes nothing when the gateway does not confirm the revocation', async () => {
      const contact = await contactWithAccess('active');
      c.gateway.status = 503;
      const before = await c.snapshot();
      const response = await c.api(admin, 'POST', `/api/contacts/${contact.id}/disable-login`);
      expect(response).toMatchObject({ status: 503, body: { detail: expect.stringMatching(/nothing was changed/) } });
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('PATCH /api/contacts/:id with a new email (the login does not follow the address)', () => {
    it.each(['invited', 'active'] as const)(
      'ends the portal access of an %s contact as Disable Login does: revoked at the gateway first, at the version it commits',
      async (state) => {
        const contact = await contactWithAccess(state);
        const versionBefore = await contactVersion(contact.id);
        c.gateway.observe = () => contactRow(contact.id);
        const email = `${randomUUID()}@new.example`;
        const changed = await c.ok('PATCH', `/api/contacts/${contact.id}`, { email, confirmPortalAccessEnd: true });
        expect(changed).toMatchObject({ email, portalState: 'none' });
        expect(revokeCalls(contact.id)).toEqual([revokedFirst(contact.id, versionBefore + 1, state)]);
        const event = await c.waitForEvent('contact.updated', { contactId: contact.id, email });
        expect(event.aggregate).toEqual({ type: 'contact', id: contact.id, version: versionBefore + 1 });
        // A late acceptance of the invitation sent to the old address opens nothing.
        await c.acceptInvitation(contact.id, emma.id, versionBefore);
        expect(await contactRow(contact.id)).toEqual({ customer_id: emma.id, portal_state: 'none', active: true });
      },
    );

    it('refuses without portal_access.manage (403) or without confirmation (409), and an address in use before revoking (409), changing nothing', async () => {
      const contact = await contactWithAccess('active');
      const other = await contactWithAccess('none');
      const callsBefore = c.gateway.calls.length;
      const before = await c.snapshot();
      const email = `${randomUUID()}@new.example`;
      const forbidden = await c.api(staff(['contacts.manage']), 'PATCH', `/api/contacts/${contact.id}`, { email, confirmPortalAccessEnd: true });
      expect(forbidden).toMatchObject({ status: 403, body: { detail: expect.stringContaining('portal_access.manage') } });
      const unconfirmed = await c.api(admin, 'PATCH', `/api/contacts/${contact.id}`, { email });
      expect(unconfirmed).toMatchObject({ status: 409, body: { detail: expect.stringContaining('"confirmPortalAccessEnd": true') } });
      const taken = await c.api(admin, 'PATCH', `/api/contacts/${contact.id}`, { email: other.email, confirmPortalAccessEnd: true });
      expect(taken).toMatchObject({ status: 409, body: { detail: expect.stringContaining(`contact ${other.id}`) } });
      const nothing = await c.api(admin, 'PATCH', `/api/contacts/${contact.id}`, { confirmPortalAccessEnd: true });
      expect(nothing.status).toBe(400);
      expect(await c.snapshot()).toBe(before);
      expect(c.gateway.calls.length).toBe(callsBefore);
      // Names, and the same address in other case, change with contacts.manage alone; the login stays.
      const renamed = await c.api(staff(['contacts.manage']), 'PATCH', `/api/contacts/${contact.id}`, { lastName: 'Potter', email: contact.email.toUpperCase() });
      expect(renamed).toMatchObject({ status: 200, body: { lastName: 'Potter', portalState: 'active' } });
      expect(c.gateway.calls.length).toBe(callsBefore);
    });

    it('answers 503 and changes nothing when the gateway does not confirm the revocation', async () => {
      const contact = await contactWithAccess('active');
      c.gateway.status = 503;
      const before = await c.snapshot();
      const response = await c.api(admin, 'PATCH', `/api/contacts/${contact.id}`, { email: `${randomUUID()}@new.example`, confirmPortalAccessEnd: true });
      expect(response).toMatchObject({ status: 503, body: { detail: expect.stringMatching(/nothing was changed/) } });
      expect(await c.snapshot()).toBe(before);
    });
  });
});
