import { queryDatabase, waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

const portalHost = 'portal.helpdesk.test';

/**
 * Seed 000: with the portal app switched off, support runs by email alone. No email may carry a portal link or
 * an invitation, every ticket update still reaches the customer by email, and the portal refuses to sign anyone in.
 */
describe('email-only support: the portal app switched off', () => {
  let system: System;
  let admin: string;
  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
  });
  afterAll(() => system?.stop());

  const { addContact, accept, portalLogin } = portalActions(() => system, () => admin);
  const mailsTo = (address: string) => system.smtp.received.filter((mail) => mail.to.includes(address));
  const bodiesOf = (mail: (typeof system.smtp.received)[number]) => `${mail.parsed.subject}\n${mail.parsed.text ?? ''}\n${mail.parsed.html || ''}`;

  async function portalApp() {
    const apps = await system.api('GET', '/api/customer-apps', { token: admin });
    expect(apps.status).toBe(200);
    return (apps.body.items as Array<{ id: string; kind: string; enabled: boolean; version: number }>).find((app) => app.kind === 'portal')!;
  }

  async function ticketRequest(method: string, path: string, body: unknown) {
    const current = await system.api('GET', path.replace(/\/(notes|status)$/, ''), { token: admin });
    return system.api(method, path, { token: admin, body, headers: { 'if-match': current.headers.get('etag')! } });
  }

  it('sends no portal link or invitation, still emails every ticket update, and refuses portal logins', async () => {
    const customer = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Email Only Ltd' } })).body;
    // A contact who signed up while the portal was on: the invitation at creation opens the account.
    const early = await addContact(customer.id, 'early@emailonly.example');
    const invitation = await system.smtp.waitForMail((mail) => mail.to.includes(early.email) && mail.parsed.subject === 'Your invitation to the customer portal');
    const token = /token=(\S+)/.exec(invitation.parsed.text ?? '')![1]!;
    expect((await accept(decodeURIComponent(token), 'a portal password')).status).toBe(200);
    expect((await portalLogin(early.email, 'a portal password')).status).toBe(200);

    // Administration > Customer Apps: the portal app switched off.
    const app = await portalApp();
    expect(await system.api('PATCH', `/api/customer-apps/${app.id}`, { token: admin, body: { enabled: false, version: app.version } })).toMatchObject({ status: 200, body: { enabled: false } });
    // The customers and notifier services learn it from customer_app.updated.
    await waitFor(async () => {
      const rows = await queryDatabase<{ enabled: boolean }>(system.services.notifier.databaseUrl, 'SELECT enabled FROM notifier_customer_apps');
      return rows.length > 0 && rows.every((row) => !row.enabled);
    }, { what: 'the notifier to know the portal is off' });
    const sentBefore = system.smtp.received.length;

    // The portal refuses logins with a message a customer can act on; enabling login is refused too.
    const refused = await portalLogin(early.email, 'a portal password');
    expect(refused).toMatchObject({ status: 403, body: { detail: expect.stringContaining('by email') } });
    const late = await addContact(customer.id, 'late@emailonly.example');
    await waitFor(async () => (await system.api('POST', `/api/contacts/${late.id}/enable-login`, { token: admin })).status === 409, { what: 'enable-login refused' });
    const enable = await system.api('POST', `/api/contacts/${late.id}/enable-login`, { token: admin });
    expect(enable).toMatchObject({ status: 409, body: { detail: expect.stringContaining('portal is switched off') } });

    // New ticket, public note, status change: each reaches the requester by email.
    const created = await system.api('POST', '/api/tickets', {
      token: admin,
      body: { subject: 'VPN drops every hour', description: 'Since Monday.', requesterEmail: late.email, customerId: customer.id },
    });
    expect(created.status).toBe(201);
    const number = created.body.number as number;
    await system.smtp.waitForMail((mail) => mail.to.includes(late.email) && mail.parsed.subject === `[Ticket #${number}] VPN drops every hour`);
    const noted = await ticketRequest('POST', `/api/tickets/${created.body.id}/notes`, { body: 'Please restart the router and tell us.', visibility: 'public' });
    expect(noted.status).toBe(201);
    await system.smtp.waitForMail((mail) => mail.to.includes(late.email) && (mail.parsed.text ?? '').includes('Please restart the router'));
    const changed = await ticketRequest('PUT', `/api/tickets/${created.body.id}/status`, { status: 'pending' });
    expect(changed.status).toBe(200);
    await system.smtp.waitForMail((mail) => mail.to.includes(late.email) && (mail.parsed.text ?? '').includes('pending'));

    // Nothing sent since the switch carries a portal link, and nobody got an invitation.
    const since = system.smtp.received.slice(sentBefore);
    expect(since.length).toBeGreaterThanOrEqual(3);
    for (const mail of since) expect(bodiesOf(mail)).not.toContain(portalHost);
    expect(mailsTo(late.email).filter((mail) => /invitation/i.test(mail.parsed.subject ?? ''))).toEqual([]);

    // Switched on again: nothing was revoked, the early contact signs in again.
    const off = await portalApp();
    expect((await system.api('PATCH', `/api/customer-apps/${off.id}`, { token: admin, body: { enabled: true, version: off.version } })).status).toBe(200);
    expect((await portalLogin(early.email, 'a portal password')).status).toBe(200);
  });
});
