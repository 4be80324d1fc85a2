import { queryDatabase, waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

/**
 * Issue 12, items 3 and 7, through the gateway and a real SMTP server: the invitation's switch, and
 * the email log showing the invitation that went and the one that did not.
 */
describe('system emails and the email log, through the gateway', () => {
  let system: System;
  let admin: string;
  let customer: { id: string };

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    customer = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Emma Watson Ltd' } })).body;
  });
  afterAll(() => system?.stop());

  const { addContact, invite } = portalActions(() => system, () => admin);
  const logOf = async (recipient: string) =>
    (await system.api('GET', `/api/emails/log?recipient=${encodeURIComponent(recipient)}`, { token: admin })).body.items as Array<Record<string, unknown>>;
  const invitationSwitch = async () => (await system.api('GET', '/api/emails/system', { token: admin })).body.items.find((s: { key: string }) => s.key === 'portal_invitation');

  it('sends the invitation while its switch is on, logs it unsent while it is off, and the log shows both', async () => {
    const invited = await addContact(customer.id, 'harry@emmawatson.example');
    await invite(invited.id, invited.email);
    const sent = await waitFor(async () => (await logOf(invited.email)).find((entry) => entry.result === 'sent'), { what: 'the sent invitation in the log' });
    expect(sent).toMatchObject({ template: 'system-portal-invitation', source: 'system_email', smtpResponse: expect.stringMatching(/^250 /) });
    const detail = await system.api('GET', `/api/emails/log/${sent.id}`, { token: admin });
    // Blanked once sent: the log holds no usable link.
    expect(detail).toMatchObject({ status: 200, body: { html: null, text: expect.not.stringContaining('token=') } });

    const on = await invitationSwitch();
    const off = await system.api('PATCH', '/api/emails/system/portal_invitation', { token: admin, body: { enabled: false, version: on.version } });
    expect(off).toMatchObject({ status: 200, body: { enabled: false, version: on.version + 1 } });

    // The customers service learns the switch from system_email.updated: until then it would still say an invitation goes out.
    await waitFor(async () => {
      const rows = await queryDatabase<{ enabled: boolean }>(system.services.customers.databaseUrl, "SELECT enabled FROM projected_system_emails WHERE key = 'portal_invitation'");
      return rows[0]?.enabled === false;
    }, { what: 'the customers service to know the invitation email is off' });
    const skipped = await addContact(customer.id, 'ginny@emmawatson.example');
    expect((await system.api('POST', `/api/contacts/${skipped.id}/enable-login`, { token: admin })).status).toBe(200);
    const notSent = await waitFor(async () => (await logOf(skipped.email))[0], { what: 'the unsent invitation in the log' });
    expect(notSent).toMatchObject({ result: 'not_sent', reason: 'system_email_off', template: 'system-portal-invitation' });
    expect(await system.api('POST', `/api/emails/log/${notSent.id}/retry`, { token: admin })).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining('system_email_off') },
    });
    expect(system.smtp.received.filter((mail) => mail.to.includes(skipped.email))).toEqual([]);

    await system.api('PATCH', '/api/emails/system/portal_invitation', { token: admin, body: { enabled: true, version: on.version + 1 } });
    await invite(skipped.id, skipped.email);
    // The one invitation that went: the one sent after the switch was on again.
    expect(system.smtp.received.filter((mail) => mail.to.includes(skipped.email))).toHaveLength(1);
  });
});
