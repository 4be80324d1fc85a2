import { randomUUID } from 'node:crypto';
import { customerAppCreatedV1, customerAppDeletedV1, customerAppUpdatedV1 } from '@helpdesk/contracts-schema';
import { admin, startCustomers, type Customers } from './helpers';

/**
 * Issue 12 §1.3/§1.4 on the customers side: the projections of the customer apps (gateway) and of the
 * portal invitation email's switch (notifier), fed over the real bus, decide whether a contact a person
 * creates is invited at once and what Enable Login does. The tests run in order: each stage's events
 * build on the last (versions count up per aggregate, as the producers' do).
 */
describe('portal settings: invitations at contact creation and Enable Login', () => {
  let c: Customers;
  let customer: { id: string };
  const portalApp = randomUUID();

  const emailOff =
    'The invitation email is switched off (Administration > Emails > System emails): no invitation went out. Switch it on and enable login again to send one.';
  const portalOff = 'The customer portal is switched off (Administration > Customer Apps): nobody can sign in, so login cannot be enabled.';

  beforeAll(async () => {
    c = await startCustomers();
    customer = await c.createCustomer();
  });
  afterAll(() => c?.stop());

  const newContact = () => ({ firstName: 'Harry', lastName: 'Porter', email: `${randomUUID()}@customer.example` });
  /** The admin route (customer settings). */
  const create = () => c.api(admin, 'POST', `/api/customers/${customer.id}/contacts`, newContact());
  /** The internal route the tickets service calls while an agent opens a ticket. */
  const createForTicket = () => c.internal('tickets', 'POST', `/internal/customers/${customer.id}/contacts`, newContact());
  const enableLogin = (id: string) => c.api(admin, 'POST', `/api/contacts/${id}/enable-login`);
  /** The events recorded about a contact, in order: written in the transaction of each change, so complete once it answered. */
  const recorded = async (contactId: string) =>
    (
      await c.rows<{ type: string; version: number }>(
        `SELECT payload->>'type' AS type, (payload->'aggregate'->>'version')::int AS version FROM outbox WHERE payload->'aggregate'->>'id' = $1 ORDER BY id`,
        [contactId],
      )
    ).map((e) => `${e.type} v${e.version}`);
  const announceApp = (version: number, enabled: boolean, appId = portalApp) =>
    c.deliver(version === 1 ? customerAppCreatedV1 : customerAppUpdatedV1, { id: appId, version }, { appId, kind: 'portal', name: 'Customer portal', enabled }, 'gateway');

  describe('in a new installation (no customer app or system email announced yet: the portal is on, the invitation email too)', () => {
    it('invites a contact created in the customer settings: login enabled, contact.login_enabled beside contact.added at its first version', async () => {
      const created = await create();
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ portalState: 'invited', invitation: { sent: true, detail: expect.stringContaining(created.body.email) } });
      expect(await recorded(created.body.id)).toEqual(['contact.added v1', 'contact.login_enabled v1']);
      // The gateway issues the invitation on this event (at the contact's version 1, see its contact-order.ts).
      const enabled = await c.waitForEvent('contact.login_enabled', { contactId: created.body.id, customerId: customer.id, email: created.body.email });
      expect(enabled.aggregate).toEqual({ type: 'contact', id: created.body.id, version: 1 });
    });

    it('invites a contact added while an agent opens a ticket (the internal route)', async () => {
      const created = await createForTicket();
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ portalState: 'invited', invitation: { sent: true } });
      expect(await recorded(created.body.id)).toEqual(['contact.added v1', 'contact.login_enabled v1']);
    });

    it('never invites a contact made from inbound mail (PUT …/by-email)', async () => {
      const made = await c.internal('tickets', 'PUT', `/internal/customers/${customer.id}/contacts/by-email`, { email: `${randomUUID()}@customer.example`, name: 'Mara Klein' });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ portalState: 'none' });
      expect(await recorded(made.body.id)).toEqual(['contact.added v1']);
    });

    it('Enable Login on a contact invited at creation invites again (a new link; the gateway voids the first)', async () => {
      const created = await create();
      const enabled = await enableLogin(created.body.id);
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ portalState: 'invited', invitation: { sent: true } });
      expect(await recorded(created.body.id)).toEqual(['contact.added v1', 'contact.login_enabled v1', 'contact.login_enabled v2']);
    });
  });

  describe('with the invitation email switched off', () => {
    beforeAll(() => c.switchSystemEmail('portal_invitation', false, 2));

    it('creates contacts without a portal login and says that no invitation went out, on both routes', async () => {
      for (const created of [await create(), await createForTicket()]) {
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
          portalState: 'none',
          invitation: { sent: false, detail: expect.stringContaining('The invitation email is switched off (Administration > Emails > System emails)') },
        });
        expect(await recorded(created.body.id)).toEqual(['contact.added v1']);
      }
    });

    it('Enable Login enables the login (invited) and answers that no invitation went out', async () => {
      const created = await create();
      const enabled = await enableLogin(created.body.id);
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ portalState: 'invited', invitation: { sent: false, detail: emailOff } });
      expect(await recorded(created.body.id)).toEqual(['contact.added v1', 'contact.login_enabled v2']);
    });

    it('applies switch events by version: an older one changes nothing, the other email does not matter, a newer one switches it on', async () => {
      await c.switchSystemEmail('portal_invitation', true, 1); // late: older than the "off" applied
      await c.switchSystemEmail('portal_account_created', false, 1);
      expect((await create()).body).toMatchObject({ portalState: 'none', invitation: { sent: false } });

      await c.switchSystemEmail('portal_invitation', true, 3);
      const created = await create();
      expect(created.body).toMatchObject({ portalState: 'invited', invitation: { sent: true } });
      expect((await enableLogin(created.body.id)).body).toMatchObject({ invitation: { sent: true } });
      expect(await c.rows('SELECT key, enabled, version FROM projected_system_emails ORDER BY key')).toEqual([
        { key: 'portal_account_created', enabled: false, version: 1 },
        { key: 'portal_invitation', enabled: true, version: 3 },
      ]);
    });
  });

  describe('with the portal switched off (Administration > Customer Apps)', () => {
    let invited: { id: string };

    beforeAll(async () => {
      await announceApp(1, true);
      invited = (await create()).body; // portal on, email on: invited at creation
      await announceApp(2, false);
    });

    it('creates contacts without a portal login, saying why', async () => {
      const created = await create();
      expect(created.body).toMatchObject({
        portalState: 'none',
        invitation: { sent: false, detail: expect.stringContaining('The customer portal is switched off (Administration > Customer Apps)') },
      });
      expect(await recorded(created.body.id)).toEqual(['contact.added v1']);
    });

    it('refuses Enable Login with a 409 problem and changes nothing, for a contact without login and for one invited', async () => {
      const uninvited = (await create()).body;
      for (const contact of [uninvited, invited]) {
        const before = await c.snapshot();
        const response = await enableLogin(contact.id);
        expect(response.status).toBe(409);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body).toMatchObject({ status: 409, detail: portalOff });
        expect(await c.snapshot()).toBe(before);
      }
      expect(c.gateway.calls.filter((call) => call.path.includes(uninvited.id) || call.path.includes(invited.id))).toEqual([]);
    });

    it('applies app events by version: a late one changes nothing, a deleted app stays deleted, a new enabled app opens the portal again', async () => {
      const contact = (await create()).body;
      await announceApp(1, true); // a redelivered creation, older than the "disabled"
      expect((await enableLogin(contact.id)).status).toBe(409);

      await c.deliver(customerAppDeletedV1, { id: portalApp, version: 3 }, { appId: portalApp, kind: 'portal' }, 'gateway');
      await announceApp(2, true); // late, older than the deletion
      expect((await enableLogin(contact.id)).status).toBe(409);
      expect(await c.rows('SELECT enabled, deleted, version FROM projected_customer_apps WHERE id = $1', [portalApp])).toEqual([{ enabled: false, deleted: true, version: 3 }]);

      // The administrator creates a new portal app, enabled.
      await announceApp(1, true, randomUUID());
      const enabled = await enableLogin(contact.id);
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({ portalState: 'invited', invitation: { sent: true } });
      expect((await create()).body).toMatchObject({ portalState: 'invited', invitation: { sent: true } });
    });
  });
});
