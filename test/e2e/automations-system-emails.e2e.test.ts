import { queryDatabase, waitFor } from '@helpdesk/testing';
import { admin as adminAccount, startSystem, type System } from './support/system';
import { portalActions, tokenFromInvitation } from './support/portal';

/**
 * Issue 12, through the gateway and a real SMTP server: the out-of-the-box automations A01 and A02, the two
 * system emails, and each one's switch.
 */
describe('automations and system emails', () => {
  let system: System;
  let admin: string;
  let customer: { id: string };
  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    customer = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Automation Ltd' } })).body;
  });
  afterAll(() => system?.stop());

  const { addContact, accept } = portalActions(() => system, () => admin);
  const mailsTo = (address: string) => system.smtp.received.filter((mail) => mail.to.includes(address));

  async function automation(code: string) {
    const list = await system.api('GET', '/api/automations', { token: admin });
    expect(list.status).toBe(200);
    return (list.body.items as Array<{ id: string; code: string; enabled: boolean; version: number }>).find((a) => a.code === code)!;
  }
  async function toggleAutomation(code: string, enabled: boolean) {
    const current = await automation(code);
    const changed = await system.api('PATCH', `/api/automations/${current.id}`, { token: admin, body: { enabled, version: current.version } });
    expect(changed).toMatchObject({ status: 200, body: { enabled } });
  }
  async function switchSystemEmail(key: string, enabled: boolean) {
    const list = await system.api('GET', '/api/emails/system', { token: admin });
    const current = (list.body.items as Array<{ key: string; version: number }>).find((email) => email.key === key)!;
    const changed = await system.api('PATCH', `/api/emails/system/${key}`, { token: admin, body: { enabled, version: current.version } });
    expect(changed).toMatchObject({ status: 200, body: { enabled } });
  }
  async function newTicket(subject: string, requesterEmail: string) {
    const created = await system.api('POST', '/api/tickets', { token: admin, body: { subject, description: 'Details.', requesterEmail } });
    expect(created.status).toBe(201);
    return created.body as { id: string; number: number };
  }
  /** The email log's entries for a recipient (every email decided on, sent or not). */
  async function logOf(recipient: string) {
    const log = await system.api('GET', `/api/emails/log?recipient=${encodeURIComponent(recipient)}`, { token: admin });
    expect(log.status).toBe(200);
    return log.body.items as Array<{ subject: string; template: string | null; result: string; reason: string | null; automation: { code: string } | null }>;
  }

  it('A02 thanks the requester of a new ticket from its template, HTML with a text alternative and the portal link', async () => {
    const ticket = await newTicket('Printer offline', 'dana@automation.example');
    const mail = await system.smtp.waitForMail((m) => m.to.includes('dana@automation.example'));
    expect(mail.parsed.subject).toBe(`[Ticket #${ticket.number}] Printer offline`);
    expect(mail.parsed.text).toContain(`opened ticket #${ticket.number}`);
    expect(mail.parsed.html).toContain(`opened ticket #${ticket.number}`);
    expect(`${mail.parsed.text}`).toContain('portal.helpdesk.test');
    expect(await waitFor(async () => (await logOf('dana@automation.example')).find((entry) => entry.result === 'sent'), { what: 'A02 sent in the log' })).toMatchObject({
      template: 'a02-thank-you',
      automation: { code: 'A02' },
    });
  });

  it('A01 is off in a new installation; switched on, it tells the account owner (the first administrator) of each new ticket', async () => {
    const before = await newTicket('Before A01', 'before@automation.example');
    await system.smtp.waitForMail((m) => m.to.includes('before@automation.example'));
    expect((await automation('A01')).enabled).toBe(false);
    await toggleAutomation('A01', true);
    const after = await newTicket('After A01', 'after@automation.example');
    const notice = await system.smtp.waitForMail((m) => m.to.includes(adminAccount.email) && (m.parsed.subject ?? '').includes(`#${after.number}`));
    expect(notice.parsed.text).toContain('After A01');
    // Decided in the same group as the A02 above it: the earlier ticket was never announced to the owner.
    expect(mailsTo(adminAccount.email).filter((m) => (m.parsed.subject ?? '').includes(`#${before.number}`))).toEqual([]);
    await toggleAutomation('A01', false);
  });

  it('A02 switched off sends nothing to the requester (A01 on shows the ticket was handled)', async () => {
    await toggleAutomation('A02', false);
    await toggleAutomation('A01', true);
    const ticket = await newTicket('Quiet ticket', 'quiet@automation.example');
    await system.smtp.waitForMail((m) => m.to.includes(adminAccount.email) && (m.parsed.subject ?? '').includes(`#${ticket.number}`));
    expect(mailsTo('quiet@automation.example')).toEqual([]);
    await toggleAutomation('A01', false);
    await toggleAutomation('A02', true);
  });

  it('invites every new contact to the portal and confirms the account once created; each switch turns its email off', async () => {
    const contact = await addContact(customer.id, 'harry@automation.example');
    const invitation = mailsTo(contact.email).find((m) => m.parsed.subject === 'Your invitation to the customer portal')!;
    expect(invitation.parsed.html).toContain('portal.helpdesk.test/invitation');
    expect(contact.invitation).toBe(tokenFromInvitation(invitation.parsed.text ?? ''));
    expect((await accept(contact.invitation!, 'a portal password')).status).toBe(200);
    await system.smtp.waitForMail((m) => m.to.includes(contact.email) && m.parsed.subject === 'Your customer portal account is ready');

    await switchSystemEmail('portal_invitation', false);
    await switchSystemEmail('portal_account_created', false);
    // The customers service learns the switch from system_email.updated: creating a contact then sends nothing.
    let quiet: { id: string; email: string; invitation?: { sent: boolean } } | undefined;
    await waitFor(async () => {
      const added = await system.api('POST', `/api/customers/${customer.id}/contacts`, {
        token: admin,
        body: { firstName: 'Q', lastName: 'Uiet', email: `quiet-${Date.now()}@automation.example` },
      });
      quiet = added.body;
      return added.body.invitation?.sent === false;
    }, { what: 'contact creation to send no invitation' });
    const enabled = await system.api('POST', `/api/contacts/${quiet!.id}/enable-login`, { token: admin });
    expect(enabled).toMatchObject({ status: 200, body: { invitation: { sent: false, detail: expect.stringContaining('no invitation went out') } } });
    // The notifier logs the invitation it did not send, and why.
    await waitFor(async () => (await logOf(quiet!.email)).some((entry) => entry.result === 'not_sent' && entry.reason === 'system_email_off'), {
      what: 'the invitation logged as not sent',
    });
    expect(mailsTo(quiet!.email)).toEqual([]);

    // The invitation on again, the account-created notice still off: the acceptance is logged, not mailed.
    await switchSystemEmail('portal_invitation', true);
    await waitFor(async () => {
      const rows = await queryDatabase<{ enabled: boolean }>(system.services.customers.databaseUrl, "SELECT enabled FROM projected_system_emails WHERE key = 'portal_invitation'");
      return rows[0]?.enabled === true;
    }, { what: 'the customers service to know the invitation email is on again' });
    const later = await addContact(customer.id, 'later@automation.example');
    expect((await accept(later.invitation!, 'another portal password')).status).toBe(200);
    await waitFor(async () => (await logOf(later.email)).some((entry) => entry.template === 'system-portal-account-created' && entry.reason === 'system_email_off'), {
      what: 'the account-created notice logged as not sent',
    });
    expect(mailsTo(later.email).map((mail) => mail.parsed.subject)).toEqual(['Your invitation to the customer portal']);
    await switchSystemEmail('portal_account_created', true);
  });
});
