import { queryDatabase, waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

/**
 * A contact's email address is where their portal login's links go (invitations, password resets):
 * changing it must not hand the login to whoever owns the new address (review of issue 10, item 2),
 * and the refusal of an address in use must not tell of contacts beyond the agent's team access (item 10).
 */
describe('changing the email address of a contact with a portal login', () => {
  let system: System;
  let admin: string;
  let contactsAgent: string;
  let portalAgent: string;
  let customerA: string;
  let customerB: string;

  const call = (token: string, method: string, path: string, body?: unknown) => system.api(method, path, { token, body });
  const { addContact, addContactWithoutLogin, invite, accept, portalLogin, portalUser } = portalActions(() => system, () => admin);
  const resetsOf = async (contactId: string) =>
    (await queryDatabase<{ n: number }>(system.services.gateway.databaseUrl, "SELECT count(*)::int AS n FROM password_resets WHERE account_kind = 'contact' AND account_id = $1", [contactId]))[0]!.n;

  async function agentOfA(email: string, permissions: string[]): Promise<string> {
    const staff = await call(admin, 'POST', '/api/staff', { email, name: email, password: 'agent password 1234', permissions });
    expect(staff.status).toBe(201);
    const team = await call(admin, 'POST', '/api/teams', { name: `Team of ${email}`, customerIds: [customerA] });
    expect(team.status).toBe(201);
    expect((await call(admin, 'PUT', `/api/teams/${team.body.id}/members/${staff.body.id}`)).status).toBe(200);
    const token = (await system.api('POST', '/api/auth/login', { body: { email, password: 'agent password 1234' } })).body.accessToken as string;
    await waitFor(async () => (await call(token, 'GET', `/api/customers/${customerA}`)).status === 200, { what: 'the customers service to know the team' });
    return token;
  }

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    customerA = (await call(admin, 'POST', '/api/customers', { name: 'Reached Ltd' })).body.id;
    customerB = (await call(admin, 'POST', '/api/customers', { name: 'Unreached Secret GmbH' })).body.id;
    contactsAgent = await agentOfA('contacts-only@helpdesk.test', ['customers.view', 'contacts.manage']);
    portalAgent = await agentOfA('portal-manager@helpdesk.test', ['customers.view', 'contacts.manage', 'portal_access.manage']);
  }, 120_000);
  afterAll(() => system?.stop());

  it('contacts.manage alone cannot take over an active portal login by changing the email, then resetting the password (403, nothing changes)', async () => {
    const contact = await addContact(customerA, 'victim@reached.example');
    const session = await portalUser(contact, 'the victim password');

    const changed = await call(contactsAgent, 'PATCH', `/api/contacts/${contact.id}`, { email: 'agent-owned@attacker.example' });
    expect(changed).toMatchObject({ status: 403, body: { detail: expect.stringContaining('portal_access.manage') } });
    expect((await call(admin, 'GET', `/api/contacts/${contact.id}`)).body).toMatchObject({ email: 'victim@reached.example', portalState: 'active' });

    // The takeover's next step finds no login at the agent's address, so no link is issued.
    expect((await system.api('POST', '/api/portal/password-reset', { body: { email: 'agent-owned@attacker.example' } })).status).toBe(202);
    expect(await resetsOf(contact.id)).toBe(0);
    expect((await portalLogin('agent-owned@attacker.example', 'the victim password')).status).toBe(401);
    // The real contact keeps their login and their session.
    expect((await call(session, 'GET', '/api/portal/me')).status).toBe(200);
    expect((await portalLogin(contact.email, 'the victim password')).status).toBe(200);

    // Names may still be changed with contacts.manage alone; so may the email of a contact without login
    // (one created by a person is invited at once, issue 12: this one's login was disabled).
    expect((await call(contactsAgent, 'PATCH', `/api/contacts/${contact.id}`, { lastName: 'Renamed' })).status).toBe(200);
    const noLogin = await addContactWithoutLogin(customerA, 'no-login@reached.example');
    expect(await call(contactsAgent, 'PATCH', `/api/contacts/${noLogin.id}`, { email: 'still-no-login@reached.example' })).toMatchObject({ status: 200, body: { email: 'still-no-login@reached.example' } });
  });

  it('with portal_access.manage, an email change ends the login as Disable Login does, once confirmed; only a new invitation to the new address opens it again', async () => {
    const contact = await addContact(customerA, 'renamed-mailbox@reached.example');
    const session = await portalUser(contact, 'the old password');

    const unconfirmed = await call(portalAgent, 'PATCH', `/api/contacts/${contact.id}`, { email: 'new-mailbox@reached.example' });
    expect(unconfirmed).toMatchObject({ status: 409, body: { detail: expect.stringContaining('confirmPortalAccessEnd') } });
    expect((await call(session, 'GET', '/api/portal/me')).status).toBe(200);

    const changed = await call(portalAgent, 'PATCH', `/api/contacts/${contact.id}`, { email: 'new-mailbox@reached.example', confirmPortalAccessEnd: true });
    expect(changed).toMatchObject({ status: 200, body: { email: 'new-mailbox@reached.example', portalState: 'none' } });
    // The token in hand ends at once; neither address signs in with the old password; no reset is issued.
    expect((await call(session, 'GET', '/api/portal/me')).status).toBe(401);
    expect((await portalLogin('renamed-mailbox@reached.example', 'the old password')).status).toBe(401);
    expect((await portalLogin('new-mailbox@reached.example', 'the old password')).status).toBe(401);
    expect((await system.api('POST', '/api/portal/password-reset', { body: { email: 'new-mailbox@reached.example' } })).status).toBe(202);
    expect(await resetsOf(contact.id)).toBe(0);

    await waitFor(async () => (await queryDatabase<{ email: string }>(system.services.gateway.databaseUrl, 'SELECT email FROM contact_accounts WHERE contact_id = $1', [contact.id]))[0]?.email === 'new-mailbox@reached.example', {
      what: 'the gateway to learn the new address',
    });
    expect((await accept(await invite(contact.id, 'new-mailbox@reached.example'), 'the new password')).status).toBe(200);
    expect((await portalLogin('new-mailbox@reached.example', 'the new password')).status).toBe(200);
  });

  it('voids an open invitation to the old address when the email of an invited contact changes', async () => {
    const contact = await addContact(customerA, 'invited-old@reached.example');
    const link = await invite(contact.id, contact.email);
    expect((await call(contactsAgent, 'PATCH', `/api/contacts/${contact.id}`, { email: 'invited-new@attacker.example' })).status).toBe(403);
    const changed = await call(portalAgent, 'PATCH', `/api/contacts/${contact.id}`, { email: 'invited-new@reached.example', confirmPortalAccessEnd: true });
    expect(changed).toMatchObject({ status: 200, body: { portalState: 'none' } });
    expect((await accept(link, 'a password for the old link')).status).toBe(410);
  });

  describe('an address already in use', () => {
    it('within reach: 409 naming the contact, so the agent can pick or deactivate it', async () => {
      await addContact(customerA, 'taken-in-reach@reached.example', 'Iris');
      const added = await call(contactsAgent, 'POST', `/api/customers/${customerA}/contacts`, { firstName: 'Other', lastName: 'Person', email: 'Taken-In-Reach@reached.example' });
      expect(added).toMatchObject({ status: 409, body: { detail: expect.stringContaining('Iris Porter') } });
      const other = await addContactWithoutLogin(customerA, 'free@reached.example');
      const changed = await call(contactsAgent, 'PATCH', `/api/contacts/${other.id}`, { email: 'taken-in-reach@reached.example' });
      expect(changed).toMatchObject({ status: 409, body: { detail: expect.stringContaining('Iris Porter') } });
    });

    it('beyond reach: 409 that names nobody and is the same whatever holds the address; the address stays unique', async () => {
      const hidden = await addContact(customerB, 'hidden@unreached.example', 'Secretia');
      const answers = [
        await call(contactsAgent, 'POST', `/api/customers/${customerA}/contacts`, { firstName: 'New', lastName: 'Person', email: 'hidden@unreached.example' }),
        await call(contactsAgent, 'PATCH', `/api/contacts/${(await addContactWithoutLogin(customerA, 'mine@reached.example')).id}`, { email: 'HIDDEN@unreached.example' }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(409);
        for (const secret of ['Secretia', 'Porter', 'Unreached', customerB, hidden.id, 'active contact', 'already exists']) expect(answer.body.detail).not.toContain(secret);
        expect(answer.body.detail).toContain('administrator');
      }
      // Through a new ticket's new contact as well.
      const viaTicket = await waitFor(
        async () => {
          const created = await call(contactsAgent, 'POST', '/api/tickets', {
            subject: 's', description: 'd', customerId: customerA, newContact: { firstName: 'N', lastName: 'P', email: 'hidden@unreached.example' },
          });
          return created.status === 409 ? created : undefined;
        },
        { what: 'the tickets service to know the customer and the team' },
      );
      for (const secret of ['Secretia', 'Unreached', customerB, hidden.id, 'active contact']) expect(viaTicket.body.detail).not.toContain(secret);
      // A contact of the very customer the ticket is for is within reach: named, so the agent picks it instead.
      const ofThisCustomer = await call(contactsAgent, 'POST', '/api/tickets', {
        subject: 's', description: 'd', customerId: customerA, newContact: { firstName: 'N', lastName: 'P', email: 'taken-in-reach@reached.example' },
      });
      expect(ofThisCustomer).toMatchObject({ status: 409, body: { detail: expect.stringContaining('Iris Porter') } });
      const contactsWithAddress = await queryDatabase<{ n: number }>(system.services.customers.databaseUrl, "SELECT count(*)::int AS n FROM contacts WHERE email = 'hidden@unreached.example'");
      expect(contactsWithAddress[0]!.n).toBe(1);
    });
  });
});
