import { randomUUID } from 'node:crypto';
import { admin, startCustomers, type Customers } from './helpers';

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
  const revokeCalls = (id: string) => c.gateway.calls.filter((call) => call.path === `POST /internal/portal-access/${id}/revoke`);

  beforeAll(async () => {
    c = await startCustomers();
    emma = await c.createCustomer({ name: `Emma Watson ${randomUUID().slice(0, 8)}` });
    hannah = await c.createCustomer({ name: `Hannah Baker ${randomUUID().slice(0, 8)}` });
  });
  afterEach(() => {
    c.gateway.status = 204;
    c.gateway.observe = undefined;
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
        c.gateway.observe = () => contactRow(contact.id);
        const moved = await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: hannah.id, confirmPortalAccessEnd: true });
        expect(moved).toMatchObject({ customerId: hannah.id, portalState: 'none' });

        const [call] = revokeCalls(contact.id);
        expect(revokeCalls(contact.id)).toHaveLength(1);
        expect(call!.principal).toEqual({ kind: 'service', service: 'customers' });
        // When the gateway was asked, the contact had not moved yet.
        expect(call!.seen).toEqual({ customer_id: emma.id, portal_state: state, active: true });
        await c.waitForEvent('contact.customer_changed', { contactId: contact.id, fromCustomerId: emma.id, toCustomerId: hannah.id });
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
  });

  describe('POST /api/contacts/:id/deactivate', () => {
    it('revokes portal access at the gateway first, then deactivates', async () => {
      const contact = await contactWithAccess('active');
      c.gateway.observe = () => contactRow(contact.id);
      expect(await c.ok('POST', `/api/contacts/${contact.id}/deactivate`)).toMatchObject({ active: false, portalState: 'none' });
      expect(revokeCalls(contact.id)).toEqual([
        { path: `POST /internal/portal-access/${contact.id}/revoke`, principal: { kind: 'service', service: 'customers' }, seen: { customer_id: emma.id, portal_state: 'active', active: true } },
      ]);
      await c.waitForEvent('contact.deactivated', { contactId: contact.id, customerId: emma.id });
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
});
