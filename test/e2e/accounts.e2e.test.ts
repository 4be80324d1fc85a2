import { queryDatabase, waitFor } from '@helpdesk/testing';
import { portalActions, tokenFromLink } from './support/portal';
import { startSystem, type System } from './support/system';

/** Seed 002's Disable Login, and recovering an account by an emailed link, across the real services. */
describe('Disable Login and password reset, through the gateway', () => {
  let system: System;
  let admin: string;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    const created = await system.api('POST', '/api/customers', { token: admin, body: { name: 'Emma Watson Ltd' } });
    expect(created.status).toBe(201);
    customer = created.body;
  });
  afterAll(() => system?.stop());

  const { addContact, invite, accept, portalLogin, portalUser } = portalActions(() => system, () => admin);
  const portalState = async (contactId: string) => (await system.api('GET', `/api/contacts/${contactId}`, { token: admin })).body.portalState;
  const mailsTo = (email: string, subject: string) => system.smtp.received.filter((m) => m.to.includes(email) && m.parsed.subject === subject);

  it('Disable Login ends the access of a contact with a token in hand at the next request; Enable Login opens it again', async () => {
    const contact = await addContact(customer.id, 'harry@emmawatson.example');
    const token = await portalUser(contact, 'a portal password');
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(200);
    await waitFor(async () => (await portalState(contact.id)) === 'active', { what: 'portal state active' });

    const disabled = await system.api('POST', `/api/contacts/${contact.id}/disable-login`, { token: admin });
    expect(disabled).toMatchObject({ status: 200, body: { portalState: 'none', active: true } });
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(401);
    expect((await portalLogin(contact.email, 'a portal password')).status).toBe(401);
    const again = await system.api('POST', `/api/contacts/${contact.id}/disable-login`, { token: admin });
    expect(again).toMatchObject({ status: 409, body: { detail: expect.stringContaining('no portal login to disable') } });

    const invitation = await invite(contact.id, contact.email);
    expect(await accept(invitation, 'a second portal password')).toMatchObject({ status: 200 });
    const newToken = (await portalLogin(contact.email, 'a second portal password')).body.accessToken;
    expect((await system.api('GET', '/api/portal/me', { token: newToken })).body).toMatchObject({ id: contact.id, customer: { id: customer.id } });
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(401);
    await waitFor(async () => (await portalState(contact.id)) === 'active', { what: 'portal state active again' });
  });

  it('Disable Login voids an open invitation', async () => {
    const contact = await addContact(customer.id, 'invited@emmawatson.example');
    const invitation = await invite(contact.id, contact.email);
    expect((await system.api('POST', `/api/contacts/${contact.id}/disable-login`, { token: admin })).status).toBe(200);
    expect((await accept(invitation, 'a portal password')).status).toBe(410);
    expect(await portalState(contact.id)).toBe('none');
  });

  it('lets a contact choose a new password by the emailed link, which signs them out everywhere and works once', async () => {
    const contact = await addContact(customer.id, 'forgetful@emmawatson.example');
    const token = await portalUser(contact, 'a forgotten password');
    const asked = await system.api('POST', '/api/portal/password-reset', { body: { email: contact.email } });
    expect(asked.status).toBe(202);
    const unknown = await system.api('POST', '/api/portal/password-reset', { body: { email: 'nobody@emmawatson.example' } });
    expect(unknown).toEqual({ ...asked, headers: unknown.headers });

    const mail = await waitFor(() => mailsTo(contact.email, 'Reset your password').at(-1), { what: 'the reset email' });
    const link = tokenFromLink(mail.parsed.text ?? '', 'reset-password');
    expect(await system.api('POST', '/api/portal/password-reset/complete', { body: { token: link, password: 'a remembered password' } })).toMatchObject({ status: 200 });
    expect((await system.api('GET', '/api/portal/me', { token })).status).toBe(401);
    expect((await portalLogin(contact.email, 'a remembered password')).status).toBe(200);
    const reused = await system.api('POST', '/api/portal/password-reset/complete', { body: { token: link, password: 'yet another password' } });
    expect(reused).toMatchObject({ status: 410, body: { detail: expect.stringContaining('already been used') } });

    // The email log keeps no usable link once the email went out; nobody else got one.
    const bodies = await waitFor(async () => {
      const rows = await queryDatabase<{ text_body: string; sent_at: Date | null }>(
        system.services.notifier.databaseUrl,
        "SELECT text_body, sent_at FROM outgoing_emails WHERE kind = 'password_reset'",
      );
      return rows.length > 0 && rows.every((row) => row.sent_at) && rows;
    }, { what: 'the reset email to be marked sent' });
    expect(bodies.map((row) => row.text_body).join('\n')).not.toContain(link.split('.').at(-1));
    expect(system.smtp.received.filter((m) => m.to.includes('nobody@emmawatson.example'))).toEqual([]);
  });

  it('lets a staff user reset their password by a link to the staff application, and sign out everywhere', async () => {
    const created = await system.api('POST', '/api/staff', { token: admin, body: { email: 'agent@helpdesk.test', name: 'Agent Smith', password: 'an agent password' } });
    expect(created.status).toBe(201);
    const agentToken = (await system.api('POST', '/api/auth/login', { body: { email: 'agent@helpdesk.test', password: 'an agent password' } })).body.accessToken;
    expect((await system.api('POST', '/api/auth/password-reset', { body: { email: 'agent@helpdesk.test' } })).status).toBe(202);
    const mail = await waitFor(() => mailsTo('agent@helpdesk.test', 'Reset your password').at(-1), { what: 'the reset email' });
    expect(mail.parsed.text).toContain('Hello Agent Smith');
    const link = tokenFromLink(mail.parsed.text ?? '', 'reset-password', 'staff');
    expect((await system.api('POST', '/api/auth/password-reset/complete', { body: { token: link, password: 'a new agent password' } })).status).toBe(200);
    expect((await system.api('GET', '/api/auth/me', { token: agentToken })).status).toBe(401);

    const fresh = (await system.api('POST', '/api/auth/login', { body: { email: 'agent@helpdesk.test', password: 'a new agent password' } })).body.accessToken;
    expect((await system.api('POST', '/api/auth/sign-out-everywhere', { token: fresh })).status).toBe(204);
    expect((await system.api('GET', '/api/auth/me', { token: fresh })).status).toBe(401);
  });
});
