import { randomUUID } from 'node:crypto';
import { admin, startCustomers, type Customers } from './helpers';

describe('contacts', () => {
  let c: Customers;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    // Contacts are created without a portal login here (issue 12 invites them at creation; see portal-settings.int.test.ts).
    c = await startCustomers({ invitationEmail: false });
    customer = await c.createCustomer();
  });
  afterAll(() => c?.stop());

  describe('POST /api/customers/:id/contacts', () => {
    it('adds a contact with a lower-case email and emits contact.added', async () => {
      const email = `${randomUUID()}@Customer.Example`;
      const created = await c.api(admin, 'POST', `/api/customers/${customer.id}/contacts`, { firstName: ' Harry ', lastName: 'Porter', email });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/contacts/${created.body.id}`);
      expect(created.body).toMatchObject({
        customerId: customer.id,
        firstName: 'Harry',
        lastName: 'Porter',
        email: email.toLowerCase(),
        active: true,
        portalState: 'none',
        deactivatedAt: null,
      });
      await c.waitForEvent('contact.added', { contactId: created.body.id, customerId: customer.id, email: email.toLowerCase() });
      // The answer to the creation also says whether an invitation went out (here not: the email is off).
      const { invitation, ...contact } = created.body;
      expect(invitation).toEqual({ sent: false, detail: expect.stringContaining('The invitation email is switched off') });
      expect(await c.ok('GET', `/api/contacts/${created.body.id}`)).toEqual(contact);
    });

    it('refuses an email that an active contact has, in any case and at any customer, naming it', async () => {
      const existing = await c.addContact(customer.id);
      const elsewhere = await c.createCustomer();
      const before = await c.snapshot();
      const response = await c.api(admin, 'POST', `/api/customers/${elsewhere.id}/contacts`, { firstName: 'Other', lastName: 'Person', email: existing.email.toUpperCase() });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.detail).toContain(existing.email);
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('PATCH /api/contacts/:id', () => {
    it('changes names and email and emits contact.updated with the new state', async () => {
      const contact = await c.addContact(customer.id);
      const email = `${randomUUID()}@new.example`;
      const updated = await c.ok('PATCH', `/api/contacts/${contact.id}`, { lastName: 'Potter', email: email.toUpperCase() });
      expect(updated).toMatchObject({ id: contact.id, firstName: 'Harry', lastName: 'Potter', email });
      await c.waitForEvent('contact.updated', { contactId: contact.id, lastName: 'Potter', email });
    });

    it("refuses another active contact's email", async () => {
      const [first, second] = [await c.addContact(customer.id), await c.addContact(customer.id)];
      const response = await c.api(admin, 'PATCH', `/api/contacts/${second.id}`, { email: first.email });
      expect(response.status).toBe(409);
      expect(response.body.detail).toContain(first.email);
      expect((await c.ok('GET', `/api/contacts/${second.id}`)).email).toBe(second.email);
    });
  });

  describe('POST /api/contacts/:id/deactivate', () => {
    it('keeps the contact for the history, lists it no more, emits contact.deactivated and frees its email', async () => {
      const contact = await c.addContact(customer.id);
      const deactivated = await c.ok('POST', `/api/contacts/${contact.id}/deactivate`);
      expect(deactivated).toMatchObject({ id: contact.id, active: false, portalState: 'none', deactivatedAt: expect.any(String) });
      await c.waitForEvent('contact.deactivated', { contactId: contact.id, customerId: customer.id });
      expect(await c.ok('GET', `/api/contacts/${contact.id}`)).toEqual(deactivated);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).contacts.map((x: { id: string }) => x.id)).not.toContain(contact.id);
      // Nothing to revoke: the contact never had portal access.
      expect(c.gateway.calls.filter((call) => call.path.includes(contact.id))).toEqual([]);

      const successor = await c.addContact(customer.id, { email: contact.email.toUpperCase() });
      expect(successor.email).toBe(contact.email);
    });

    it.each([
      ['edited', 'PATCH', '', { firstName: 'Ghost' }],
      ['deactivated again', 'POST', '/deactivate', undefined],
      ['moved', 'POST', '/move', 'another customer'],
      ['invited to the portal', 'POST', '/enable-login', undefined],
    ])('refuses a deactivated contact being %s with a 409 that says so, and changes nothing', async (_case, method, suffix, body) => {
      const contact = await c.addContact(customer.id, { firstName: 'Hermione', lastName: 'Granger' });
      await c.ok('POST', `/api/contacts/${contact.id}/deactivate`);
      const payload = body === 'another customer' ? { customerId: (await c.createCustomer()).id, confirmPortalAccessEnd: true } : body;
      const before = await c.snapshot();
      const response = await c.api(admin, method, `/api/contacts/${contact.id}${suffix}`, payload);
      expect(response.status).toBe(409);
      expect(response.body.detail).toMatch(/^Hermione Granger is a deactivated contact/);
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('POST /api/contacts/:id/enable-login', () => {
    it('invites the contact and emits contact.login_enabled; again while invited; not once access is active', async () => {
      const contact = await c.addContact(customer.id, { firstName: 'Ron', lastName: 'Weasley' });
      const invited = await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
      expect(invited).toMatchObject({ id: contact.id, portalState: 'invited' });
      await c.waitForEvent('contact.login_enabled', { contactId: contact.id, customerId: customer.id, email: contact.email });

      // Sending it again is how a lost or expired invitation is replaced.
      expect((await c.ok('POST', `/api/contacts/${contact.id}/enable-login`)).portalState).toBe('invited');
      await c.waitFor(() => c.events.received.filter((e) => e.type === 'contact.login_enabled' && e.data.contactId === contact.id).length === 2, 'a second contact.login_enabled');

      await c.acceptInvitation(contact.id, customer.id);
      expect((await c.ok('GET', `/api/contacts/${contact.id}`)).portalState).toBe('active');
      // Whether the contact can sign in is the gateway's to say: asked, it says they can.
      c.gateway.access = { status: 'active', customerId: customer.id };
      const before = await c.snapshot();
      const again = await c.api(admin, 'POST', `/api/contacts/${contact.id}/enable-login`);
      c.gateway.access = { status: 'none', customerId: null };
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe('Ron Weasley already has portal access.');
      expect(await c.snapshot()).toBe(before);
      expect(c.gateway.calls.filter((call) => call.path.includes(contact.id)).map((call) => call.path)).toEqual([`GET /internal/portal-access/${contact.id}`]);
    });
  });

  describe('on portal_invitation.accepted', () => {
    it('activates the access of an invited contact, and of no other', async () => {
      const invited = await c.addContact(customer.id);
      await c.ok('POST', `/api/contacts/${invited.id}/enable-login`);
      const uninvited = await c.addContact(customer.id);

      await c.acceptInvitation(invited.id, customer.id);
      await c.acceptInvitation(uninvited.id, customer.id, 1);
      expect((await c.ok('GET', `/api/contacts/${invited.id}`)).portalState).toBe('active');
      expect((await c.ok('GET', `/api/contacts/${uninvited.id}`)).portalState).toBe('none');
    });

    it('does not reopen access for a contact who was deactivated after the invitation', async () => {
      const contact = await c.addContact(customer.id);
      await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
      await c.ok('POST', `/api/contacts/${contact.id}/deactivate`);
      await c.acceptInvitation(contact.id, customer.id);
      expect(await c.ok('GET', `/api/contacts/${contact.id}`)).toMatchObject({ active: false, portalState: 'none' });
    });
  });
});
