import type { Browser, Page } from 'playwright-core';
import { adminConsole, browse, expectCleanSession, expectAccessible as expectPageAccessible, launchBrowser, saveScreenshot, seriousAccessibilityViolations, type BrowsingSession } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';
import { startTcpProxy, startTestDovecot, startTestSmtp, waitFor, type TestDovecot } from '@helpdesk/testing';
import { admin } from '../e2e/support/system';

/** The staff console's administration screens, each through its page in a real browser. */
describe('administration screens of the staff console', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken: string;
  let session: BrowsingSession;
  let page: Page;
  // The notifier sends through a relay the email log story cuts, so that an email fails and its retry goes.
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let relay: Awaited<ReturnType<typeof startTcpProxy>>;
  // A real mailbox, for an email the quarantine holds.
  const mailbox = { user: 'support@helpdesk.example', password: 'mailbox secret' };
  let dovecot: TestDovecot;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    relay = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(smtp.url).port) });
    [system, browser, dovecot] = await Promise.all([
      startBrowserSystem({ notifier: { SMTP_URL: `smtp://127.0.0.1:${relay.port()}`, MAIL_MAX_ATTEMPTS: '1' }, 'mail-ingest': { IMAP_SWEEP_INTERVAL_MS: '500' } }),
      launchBrowser(),
      startTestDovecot({ users: [mailbox] }),
    ]);
    adminToken = await system.logInAsAdmin();
    session = await adminConsole(browser, system.origin);
    page = session.page;
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await system?.stop();
    await relay?.close();
    await dovecot?.close();
    await smtp?.close();
  });
  afterEach(() => expectCleanSession(session));

  const expectAccessible = (name: string) => expectPageAccessible(page, `staff-admin-${name}`);

  /** The alert or status line that contains `text`. */
  const notice = (role: 'alert' | 'status', text: string | RegExp) => page.getByRole(role).filter({ hasText: text });

  test('customers and contacts: create customers and a contact, then change the contact\'s customer with the confirmation that portal access ends', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await expectAccessible('index');

    // A group, for the customer to join.
    await page.getByRole('link', { name: 'Customer groups' }).click();
    await page.getByRole('heading', { name: 'Customer groups', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    expect(await page.getByLabel('Group name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Group name').fill('Key accounts');
    await page.getByRole('button', { name: 'Create group' }).click();
    await notice('status', 'Group Key accounts created.').waitFor();
    await page.getByRole('cell', { name: 'Key accounts', exact: true }).waitFor();
    await expectAccessible('customer-groups');

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    // The API's messages beside the fields: an invalid email domain.
    await page.getByLabel('Name', { exact: true }).fill('Emma Watson Ltd');
    await page.getByLabel('Email domains').fill('not a domain');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Email domains').fill('emma.example');
    await page.getByLabel('Customer group').selectOption({ label: 'Key accounts' });
    await page.getByRole('button', { name: 'Create customer' }).click();
    await notice('status', 'Customer Emma Watson Ltd created.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Hannah Baker Inc');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await notice('status', 'Customer Hannah Baker Inc created.').waitFor();
    await page.getByRole('row', { name: /Emma Watson Ltd.*Key accounts.*emma\.example/ }).waitFor();
    await expectAccessible('customers');

    await page.getByRole('link', { name: 'Emma Watson Ltd' }).first().click();
    await page.getByRole('heading', { name: 'Emma Watson Ltd', level: 1 }).waitFor();
    await page.getByLabel('First name').fill('Harry');
    await page.getByLabel('Last name').fill('Porter');
    await page.getByLabel('Email', { exact: true }).fill('harry@emma.example');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await notice('status', /Harry Porter added\. An invitation to create a portal account goes out to harry@emma\.example/).waitFor();
    await page.getByRole('row', { name: /Harry Porter.*harry@emma\.example.*Invited/ }).waitFor();
    await expectAccessible('customer');

    // Moving an invited contact asks first, and says that portal access ends.
    await page.getByRole('button', { name: 'Change customer (Harry Porter)' }).click();
    await page.getByLabel('Search new customer').fill('Hannah');
    await page.getByLabel('New customer', { exact: true }).selectOption({ label: 'Hannah Baker Inc' });
    await page.getByRole('button', { name: 'Change customer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Move Harry Porter to Hannah Baker Inc?' });
    await dialog.getByText('The portal access of Harry Porter ends').waitFor();
    await expectAccessible('move-contact-confirmation');
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [customerId] = page.url().split('/').slice(-1);
    const unchanged = await system.api('GET', `/api/customers/${customerId}`, { token: adminToken });
    expect((unchanged.body as { contacts: Array<{ email: string }> }).contacts.map((c) => c.email)).toEqual(['harry@emma.example']);

    await page.getByRole('button', { name: 'Change customer', exact: true }).click();
    await dialog.getByRole('button', { name: 'Move and end portal access' }).click();
    await notice('status', 'Harry Porter moved to Hannah Baker Inc; their portal access ended.').waitFor();
    await page.getByText('No active contact.').waitFor();
    const moved = await system.api('GET', `/api/customers/${customerId}`, { token: adminToken });
    expect((moved.body as { contacts: unknown[] }).contacts).toEqual([]);

    // At the new customer: no login any more; Enable login invites them again.
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('link', { name: 'Hannah Baker Inc' }).click();
    await page.getByRole('row', { name: /Harry Porter.*No login/ }).waitFor();
    await page.getByRole('button', { name: 'Enable login (Harry Porter)' }).click();
    await notice('status', 'An invitation to create a portal account goes out to harry@emma.example').waitFor();
    await page.getByRole('row', { name: /Harry Porter.*Invited/ }).waitFor();

    // Deactivation is confirmed too.
    await page.getByRole('button', { name: 'Deactivate (Harry Porter)' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Harry Porter?' }).getByRole('button', { name: 'Deactivate contact' }).click();
    await notice('status', 'Harry Porter is deactivated.').waitFor();
    await page.getByText('No active contact.').waitFor();
  });

  test('email accounts: create one (the connection test\'s message shown), allocate it to a customer, replace that with a group after the confirmation, delete it', async () => {
    const group = await system.api('POST', '/api/customer-groups', { token: adminToken, body: { name: 'Wholesale' } });
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Acme Widgets' } });
    expect([group.status, customer.status]).toEqual([201, 201]);
    // Mail-ingest knows customers from their events: the allocation is checked against what it knows.
    await waitFor(async () => {
      const found = await system.api('GET', '/api/email-accounts/customer-search?q=Acme', { token: adminToken });
      return (found.body as { items: unknown[] }).items.length > 0 || undefined;
    }, { what: 'mail-ingest to know Acme Widgets' });

    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Email accounts' }).click();
    await page.getByRole('heading', { name: 'Email accounts', level: 1 }).waitFor();
    await page.getByText('No email account yet.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Support');
    await page.getByLabel('Address').fill('support@helpdesk.example');
    await page.getByLabel('IMAP host').fill('127.0.0.1');
    await page.getByLabel('Port').fill('1');
    await page.getByLabel('User', { exact: true }).fill('support');
    await page.getByLabel('Password').fill('imap secret');
    await page.getByRole('button', { name: 'Create email account' }).click();
    // Enabled, it is tried first: the API's message says why it was not saved.
    await notice('alert', 'The account was not saved: the connection test failed.').waitFor();
    await page.locator('.field-error').first().waitFor();
    await expectAccessible('email-accounts');
    await page.getByLabel('Enabled').uncheck();
    await page.getByRole('button', { name: 'Create email account' }).click();
    await notice('status', 'Email account Support created.').waitFor();
    await page.getByRole('row', { name: /Support.*support@helpdesk\.example.*No.*All customers/ }).waitFor();

    await page.getByRole('table').getByRole('link', { name: 'Support', exact: true }).click();
    await page.getByRole('heading', { name: 'Email account Support', level: 1 }).waitFor();
    await page.getByText('Now: All customers.').waitFor();
    await page.getByLabel('Offer this account to').selectOption({ label: 'Selected customers' });
    await page.getByLabel('Search customer to add').fill('Acme');
    await page.getByLabel('Customer to add', { exact: true }).selectOption({ label: 'Acme Widgets' });
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('button', { name: 'Save allocation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace the allocation?' });
    await dialog.getByText('The previous allocation (All customers) is discarded and cannot be recovered').waitFor();
    await dialog.getByRole('button', { name: 'Replace allocation' }).click();
    await notice('status', 'Allocation saved; the previous one is discarded.').waitFor();
    await page.getByText('Now: Selected customers: Acme Widgets.').waitFor();
    await expectAccessible('email-account');

    // Replacing the selection by a group says that the customers selected are discarded.
    await page.getByLabel('Offer this account to').selectOption({ label: 'A customer group' });
    await page.getByLabel('Customer group').selectOption({ label: 'Wholesale' });
    await page.getByRole('button', { name: 'Save allocation' }).click();
    await dialog.getByText('The previous allocation (Selected customers: Acme Widgets) is discarded').waitFor();
    await expectAccessible('allocation-confirmation');
    await dialog.getByRole('button', { name: 'Replace allocation' }).click();
    await page.getByText('Now: Customer group Wholesale.').waitFor();
    const accounts = await system.api('GET', '/api/email-accounts', { token: adminToken });
    const [account] = (accounts.body as { items: Array<{ id: string; allocation: unknown }> }).items;
    expect(account!.allocation).toEqual({ kind: 'group', groupId: (group.body as { id: string }).id });

    await page.getByRole('button', { name: 'Delete email account' }).click();
    await page.getByRole('dialog', { name: 'Delete the email account Support?' }).getByRole('button', { name: 'Delete email account' }).click();
    await page.getByRole('heading', { name: 'Email accounts', level: 1 }).waitFor();
    await page.getByText('No email account yet.').waitFor();
    expect((await system.api('GET', `/api/email-accounts/${account!.id}`, { token: adminToken })).status).toBe(404);
  });

  test('email log: a failed email is found by its recipient, read, and retried from its page', async () => {
    await relay.cut();
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Relay Down GmbH' } });
    const contact = await system.api('POST', `/api/customers/${(customer.body as { id: string }).id}/contacts`, { token: adminToken, body: { firstName: 'Rita', lastName: 'Retry', email: 'rita@relay.example' } });
    expect(contact.status).toBe(201);
    await waitFor(async () => {
      const log = await system.api('GET', '/api/emails/log?recipient=rita@relay.example&result=failed', { token: adminToken });
      return (log.body as { items: unknown[] }).items.length > 0 || undefined;
    }, { what: 'the invitation to Rita to fail' });
    await relay.restore();

    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Email log' }).click();
    await page.getByRole('heading', { name: 'Email log', level: 1 }).waitFor();
    await page.getByLabel('Recipient').fill('rita@relay.example');
    await page.getByLabel('Result').selectOption({ label: 'Failed' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('row', { name: /rita@relay\.example.*Your invitation to the customer portal.*Failed/ }).waitFor();
    await expectAccessible('email-log');

    await page.getByRole('link', { name: 'Your invitation to the customer portal' }).click();
    await page.getByRole('heading', { name: 'Your invitation to the customer portal', level: 1 }).waitFor();
    await page.getByText('Last error').waitFor();
    await expectAccessible('email-log-entry');
    await page.getByRole('button', { name: 'Retry' }).click();
    await notice('status', 'Retry queued').waitFor();
    await smtp.waitForMail((mail) => mail.to.includes('rita@relay.example'));
    // The page read again shows it sent, and offers no second retry.
    await waitFor(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Your invitation to the customer portal', level: 1 }).waitFor();
      return (await page.getByText('Sent', { exact: true }).count()) > 0 || undefined;
    }, { what: 'the email log to say sent' });
    expect(await page.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });

  test('mail quarantine: an email without a sender is held, read on its page with the reason, and retried', async () => {
    const account = await system.api('POST', '/api/email-accounts', {
      token: adminToken,
      body: { name: 'Inbox', address: mailbox.user, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder: 'INBOX' },
    });
    expect(account.status).toBe(201);
    const imap = await dovecot.connect(mailbox);
    try {
      await imap.append('INBOX', 'To: support@helpdesk.example\r\nSubject: Who sent this?\r\nMessage-ID: <anonymous@nowhere.example>\r\n\r\nNo From header at all.\r\n');
    } finally {
      await imap.logout();
    }

    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Mail quarantine' }).click();
    await page.getByRole('heading', { name: 'Mail quarantine', level: 1 }).waitFor();
    await waitFor(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Mail quarantine', level: 1 }).waitFor();
      return (await page.getByRole('row', { name: /Who sent this\?.*Inbox.*quarantined: no-sender/ }).count()) > 0 || undefined;
    }, { what: 'the email to be quarantined', timeoutMs: 30_000, intervalMs: 500 });
    await expectAccessible('mail-quarantine');

    await page.getByRole('link', { name: 'Who sent this?' }).click();
    await page.getByRole('heading', { name: 'Who sent this?', level: 1 }).waitFor();
    await page.getByText('The email has no sender address').waitFor();
    await page.getByText('No From header at all.').waitFor();
    await expectAccessible('inbound-email');
    await page.getByRole('button', { name: 'Retry' }).click();
    await notice('status', 'Retried: the email is processed again.').waitFor();
    // Processed again, it is held again for the same reason: its attempts say it was tried twice.
    const [id] = page.url().split('/').slice(-1);
    await waitFor(async () => {
      const record = await system.api('GET', `/api/inbound-emails/${id}`, { token: adminToken });
      const body = record.body as { state: string; attempts: number };
      return (body.state === 'quarantined' && body.attempts === 2) || undefined;
    }, { what: 'the retried email to be processed again', timeoutMs: 30_000 });

    // Filtering by another state leaves it out.
    await page.goto('/staff/admin/inbound-emails');
    await page.getByLabel('State').selectOption({ label: 'Filed to a ticket' });
    await page.waitForURL(/state=filed/);
    await page.getByText('No inbound email in this state.').waitFor();
  });

  test('staff users and customer apps: create an agent with permissions, deactivate them after the confirmation; disable, create and delete a portal app', async () => {
    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Staff users' }).click();
    await page.getByRole('heading', { name: 'Staff users', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Ann Agent');
    await page.getByLabel('Email', { exact: true }).fill('ann@helpdesk.test');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('View Customers').check();
    await page.getByRole('button', { name: 'Create staff user' }).click();
    // The password policy's message, beside the password.
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Password', { exact: true }).fill('a long enough passphrase for ann');
    await page.getByRole('button', { name: 'Create staff user' }).click();
    await notice('status', 'Ann Agent can now sign in.').waitFor();
    await page.getByRole('row', { name: /Ann Agent.*ann@helpdesk\.test.*Agent \(1 permissions\).*Yes/ }).waitFor();
    await expectAccessible('staff');
    await page.getByRole('button', { name: 'Deactivate (Ann Agent)' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Ann Agent?' }).getByRole('button', { name: 'Deactivate user' }).click();
    await notice('status', 'Ann Agent is deactivated and signed out.').waitFor();
    await page.getByRole('row', { name: /Ann Agent.*No/ }).waitFor();
    const staff = await system.api('GET', '/api/staff', { token: adminToken });
    expect((staff.body as { items: Array<{ email: string; active: boolean; permissions: string[] }> }).items.find((user) => user.email === 'ann@helpdesk.test')).toMatchObject({ active: false, permissions: ['customers.view'] });

    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Customer apps' }).click();
    await page.getByRole('heading', { name: 'Customer apps', level: 1 }).waitFor();
    const before = (await system.api('GET', '/api/customer-apps', { token: adminToken })).body as { items: Array<{ name: string; enabled: boolean }> };
    const [portal] = before.items;
    expect(portal?.enabled).toBe(true);
    await page.getByRole('button', { name: `Disable (${portal!.name})` }).click();
    await notice('status', `${portal!.name} is disabled`).waitFor();
    expect(((await system.api('GET', '/api/portal/status', {})).body as { available: boolean }).available).toBe(false);
    await page.getByRole('button', { name: `Enable (${portal!.name})` }).click();
    await notice('status', `${portal!.name} is enabled.`).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Second portal');
    await page.getByRole('button', { name: 'Create customer app' }).click();
    await notice('alert', 'A portal app exists already').waitFor();
    await expectAccessible('customer-apps');
    // Deleting is confirmed with what it loses; a new portal can then be created.
    await page.getByRole('button', { name: `Delete (${portal!.name})` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${portal!.name}?` });
    await dialog.getByText('Its appearance and settings are gone for good').waitFor();
    await dialog.getByRole('button', { name: 'Delete customer app' }).click();
    await page.getByText('No customer app: customers reach the helpdesk by email only.').waitFor();
    await page.getByRole('button', { name: 'Create customer app' }).click();
    await notice('status', 'Customer app Second portal created.').waitFor();
    await page.getByRole('row', { name: /Second portal.*Customer portal.*Yes/ }).waitFor();
    expect(((await system.api('GET', '/api/portal/status', {})).body as { available: boolean }).available).toBe(true);
  });

  test('teams: a team for one customer\'s tickets, a member added and removed, the team deleted after the confirmation', async () => {
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Teamed Trading' } });
    expect(customer.status).toBe(201);
    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.getByLabel('Team name').fill('Trading desk');
    await page.getByLabel('Search customer to add').fill('Teamed');
    await page.getByLabel('Customer to add', { exact: true }).selectOption({ label: 'Teamed Trading' });
    await page.getByRole('button', { name: 'Add customer' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Teamed Trading' }).waitFor();
    await page.getByRole('button', { name: 'Create team' }).click();
    await notice('status', 'Team Trading desk created.').waitFor();
    await page.getByRole('row', { name: /Trading desk.*1 selected customers/ }).waitFor();

    await page.getByRole('button', { name: 'Edit (Trading desk)' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Teamed Trading' }).waitFor();
    await page.getByLabel('Staff user to add').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Add member' }).click();
    await notice('status', /joined Trading desk\./).waitFor();
    await expectAccessible('teams');
    const teams = await system.api('GET', '/api/teams', { token: adminToken });
    const [team] = (teams.body as { items: Array<{ id: string; name: string; customerIds: string[]; memberIds: string[] }> }).items.filter((t) => t.name === 'Trading desk');
    expect(team).toMatchObject({ customerIds: [(customer.body as { id: string }).id], memberIds: [expect.any(String)] });
    await page.getByRole('heading', { name: 'Members of Trading desk' }).locator('..').getByRole('button', { name: /^Remove/ }).click();
    await notice('status', /left Trading desk\./).waitFor();
    await page.getByText('No member yet.').waitFor();

    await page.getByRole('button', { name: 'Delete (Trading desk)' }).click();
    await page.getByRole('dialog', { name: 'Delete the team Trading desk?' }).getByRole('button', { name: 'Delete team' }).click();
    await notice('status', 'Team Trading desk deleted.').waitFor();
    expect((await system.api('GET', `/api/teams/${team!.id}`, { token: adminToken })).status).toBe(404);
  });

  test('email templates and system emails: an error on saving is shown at its line and column, the fixed template previewed; a system email switched off and on', async () => {
    const templates = (await system.api('GET', '/api/emails/templates', { token: adminToken })).body as { items: Array<{ id: string; name: string; context: string }> };
    const template = templates.items.find((t) => t.context === 'ticket')!;
    await page.goto('/staff/admin');
    await page.getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('heading', { name: 'Email templates', level: 1 }).waitFor();
    await expectAccessible('email-templates');
    await page.getByRole('link', { name: template.name, exact: true }).click();
    await page.getByRole('heading', { name: `Template ${template.name}`, level: 1 }).waitFor();
    const html = page.getByLabel('HTML body');
    const original = await html.inputValue();
    const lines = original.split('\n').length;
    await html.fill(`${original}\n<p>Ticket {{ ticket.numbr }}</p>`);
    await page.getByRole('button', { name: 'Save template' }).click();
    const located = page.locator('.field-error li').filter({ hasText: `Line ${lines + 1}, column` });
    await located.filter({ hasText: 'unknown placeholder "ticket.numbr"' }).waitFor();
    expect(await html.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('email-template-errors');
    await located.getByRole('button', { name: /^Go to line/ }).click();
    // The cursor is in the HTML body, on the new line, at the faulty placeholder.
    const cursor = await html.evaluate((field: HTMLTextAreaElement) => ({ focused: document.activeElement === field, before: field.value.slice(0, field.selectionStart), after: field.value.slice(field.selectionStart) }));
    expect(cursor.focused).toBe(true);
    expect(cursor.before.startsWith(`${original}\n<p>Ticket`)).toBe(true);
    expect(cursor.after).toMatch(/^\W*ticket\.numbr/);

    await html.fill(`${original}\n<p>Ticket {{ ticket.number }}</p>`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview with sample values' }).waitFor();
    await page.getByRole('button', { name: 'Save template' }).click();
    await notice('status', 'Template saved.').waitFor();
    const savedTemplate = (await system.api('GET', `/api/emails/templates/${template.id}`, { token: adminToken })).body as { html: string };
    expect(savedTemplate.html).toContain('{{ ticket.number }}');

    await page.getByRole('link', { name: 'Administration', exact: true }).first().click();
    await page.getByRole('main').getByRole('link', { name: 'System emails' }).click();
    await page.getByRole('heading', { name: 'System emails', level: 1 }).waitFor();
    const switches = (await system.api('GET', '/api/emails/system', { token: adminToken })).body as { items: Array<{ key: string; name: string; enabled: boolean }> };
    const first = switches.items.find((email) => email.enabled)!;
    await page.getByRole('button', { name: `Switch off (${first.name})` }).click();
    await notice('status', `${first.name} is switched off.`).waitFor();
    await expectAccessible('system-emails');
    const after = (await system.api('GET', '/api/emails/system', { token: adminToken })).body as { items: Array<{ key: string; enabled: boolean }> };
    expect(after.items.find((email) => email.key === first.key)?.enabled).toBe(false);
    await page.getByRole('button', { name: `Switch on (${first.name})` }).click();
    await notice('status', `${first.name} is switched on.`).waitFor();
  });

  test('automations: one switched off and on, tried on a ticket in a dry run, its execution log read', async () => {
    const ticket = await system.api('POST', '/api/tickets', { token: adminToken, body: { subject: 'Projector flickers', description: 'Room 4.', requesterEmail: 'office@customer.example' } });
    expect(ticket.status).toBe(201);
    await waitFor(async () => {
      const samples = await system.api('GET', '/api/automations/sample-tickets', { token: adminToken });
      return (samples.body as { items: Array<{ subject: string }> }).items.some((t) => t.subject === 'Projector flickers') || undefined;
    }, { what: 'the notifier to know the ticket' });
    const automations = (await system.api('GET', '/api/automations', { token: adminToken })).body as { items: Array<{ id: string; code: string; enabled: boolean }> };
    const automation = automations.items.find((a) => a.enabled)!;

    await page.goto('/staff/admin');
    await page.getByRole('main').getByRole('link', { name: 'Automations' }).click();
    await page.getByRole('heading', { name: 'Automations', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Switch off (${automation.code})` }).click();
    await notice('status', `${automation.code} is switched off.`).waitFor();
    await expectAccessible('automations');
    expect(((await system.api('GET', `/api/automations/${automation.id}`, { token: adminToken })).body as { enabled: boolean }).enabled).toBe(false);
    await page.getByRole('button', { name: `Switch on (${automation.code})` }).click();
    await notice('status', `${automation.code} is switched on.`).waitFor();

    await page.getByRole('link', { name: automation.code, exact: true }).click();
    await page.getByRole('heading', { name: `Automation ${automation.code}`, level: 1 }).waitFor();
    await page.getByLabel('Ticket').selectOption({ label: `#${(ticket.body as { number: number }).number} Projector flickers` });
    await page.getByRole('button', { name: 'Try it' }).click();
    await notice('status', /Trigger (matches|does not match); conditions (pass|do not pass); \d+ email\(s\) would be sent\./).waitFor();
    await page.getByRole('heading', { name: 'Execution log' }).waitFor();
    await page.getByText('It has not run yet.').or(page.getByRole('table', { name: 'Runs of the automation' })).waitFor();
    await expectAccessible('automation');
  });

  test('contracts of a customer: the API\'s field messages shown, a contract created with hours, edited, and ended after the confirmation', async () => {
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Contracted Co' } });
    const customerId = (customer.body as { id: string }).id;
    const contact = await system.api('POST', `/api/customers/${customerId}/contacts`, { token: adminToken, body: { firstName: 'Carla', lastName: 'Contract', email: 'carla@contracted.example' } });
    expect(contact.status).toBe(201);
    await page.goto(`/staff/admin/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Contracted Co', level: 1 }).waitFor();
    await page.getByLabel('Description').fill('Support 2027');
    await page.getByRole('button', { name: 'Create contract' }).click();
    // No contact chosen: the API names the fields.
    await page.getByLabel('Customer contact').and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByLabel('Customer contact').selectOption({ label: 'Carla Contract' });
    await page.getByLabel('Support contact').selectOption({ index: 1 });
    await page.getByLabel('Contract has hour restriction').check();
    await page.getByLabel('Contract hours', { exact: true }).fill('10');
    await page.getByLabel('Hours notification threshold').fill('8');
    await page.getByRole('button', { name: 'Create contract' }).click();
    await notice('status', 'Support 2027 created.').waitFor();
    await page.getByRole('row', { name: /Support 2027.*0 of 10 h used, 10 h left/ }).waitFor();
    await expectAccessible('contracts');

    await page.getByRole('button', { name: 'Edit (Support 2027)' }).click();
    await page.getByLabel('Contract hours', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Save contract' }).click();
    await notice('status', 'Support 2027 saved.').waitFor();
    await page.getByRole('row', { name: /Support 2027.*0 of 20 h used, 20 h left/ }).waitFor();

    await page.getByRole('button', { name: 'End (Support 2027)' }).click();
    await page.getByRole('dialog', { name: 'End Support 2027?' }).getByRole('button', { name: 'End contract' }).click();
    await notice('status', 'Support 2027 ended.').waitFor();
    await page.getByRole('row', { name: /Support 2027.*\(ended\)/ }).waitFor();
    const contracts = await system.api('GET', `/api/contracts?customerId=${customerId}`, { token: adminToken });
    expect((contracts.body as { items: Array<{ endedOn: string | null; contractHours: number }> }).items).toEqual([expect.objectContaining({ endedOn: expect.any(String), contractHours: 20 })]);
  });

  test('notification groups of a customer: created with its events, a contact added as member, deleted after the confirmation', async () => {
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Notified Ltd' } });
    const customerId = (customer.body as { id: string }).id;
    expect((await system.api('POST', `/api/customers/${customerId}/contacts`, { token: adminToken, body: { firstName: 'Nora', lastName: 'Notified', email: 'nora@notified.example' } })).status).toBe(201);
    await page.goto(`/staff/admin/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Notified Ltd', level: 1 }).waitFor();
    await page.getByLabel('Group name').fill('Escalations');
    await page.getByLabel('A ticket is closed').check();
    await page.getByRole('button', { name: 'Create notification group' }).click();
    await notice('status', 'Notification group Escalations created.').waitFor();
    await page.getByRole('row', { name: /Escalations.*A ticket is closed/ }).waitFor();
    await page.getByRole('button', { name: 'Edit (Escalations)' }).click();
    await page.getByLabel('Member to add').selectOption({ label: 'Nora Notified (contact)' });
    await page.getByRole('button', { name: 'Add member' }).click();
    await notice('status', 'Nora Notified (contact) added to Escalations.').waitFor();
    await page.getByRole('row', { name: /Escalations.*Nora Notified \(contact\)/ }).waitFor();
    await expectAccessible('notification-groups');
    const overview = await system.api('GET', `/api/customers/${customerId}`, { token: adminToken });
    expect((overview.body as { notificationGroups: unknown[] }).notificationGroups).toEqual([expect.objectContaining({ name: 'Escalations', notifyOn: ['ticket.closed'], members: [{ kind: 'contact', id: expect.any(String) }] })]);
    await page.getByRole('button', { name: 'Delete (Escalations)' }).click();
    await page.getByRole('dialog', { name: 'Delete the notification group Escalations?' }).getByRole('button', { name: 'Delete notification group' }).click();
    await notice('status', 'Notification group Escalations deleted.').waitFor();
    await page.getByText('No notification group.').waitFor();
  });

  test('on a phone: the administration and a customer with its contacts read as labelled lines, without accessibility violations', async () => {
    const customer = await system.api('POST', '/api/customers', { token: adminToken, body: { name: 'Pocket Customer' } });
    expect((await system.api('POST', `/api/customers/${(customer.body as { id: string }).id}/contacts`, { token: adminToken, body: { firstName: 'Pia', lastName: 'Pocket', email: 'pia@pocket.example' } })).status).toBe(201);
    const phone = await browse(browser, system.origin, { phone: true });
    try {
      await phone.page.goto('/staff/admin/customers');
      await phone.page.getByLabel('Email').fill(admin.email);
      await phone.page.getByLabel('Password').fill(admin.password);
      await phone.page.getByRole('button', { name: 'Sign in' }).click();
      await phone.page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
      await phone.page.getByRole('link', { name: 'Pocket Customer' }).click();
      await phone.page.getByRole('heading', { name: 'Pocket Customer', level: 1 }).waitFor();
      await phone.page.getByText('pia@pocket.example').waitFor();
      expect(await seriousAccessibilityViolations(phone.page)).toEqual([]);
      await saveScreenshot(phone.page, 'staff-admin-customer-phone');
      // Nothing wider than the screen: the tables fold into lines.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(phone.pageErrors).toEqual([]);
      expect(phone.requestsElsewhere).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
