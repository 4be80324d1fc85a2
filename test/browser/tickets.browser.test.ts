import { startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import type { Browser } from 'playwright-core';
import { contractActions, dayFromToday } from '../e2e/support/contracts';
import { admin } from '../e2e/support/system';
import { browse, expectCleanSession, launchBrowser, saveScreenshot, seriousAccessibilityViolations, signIn, type BrowsingSession } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';

/**
 * Issue 14 §1–2, tickets in both applications: a contact opens a ticket in the portal and an agent works
 * it in the staff console (notes public and internal, status, time), each side seeing what it may.
 */
describe('tickets in the portal and the staff console', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let dovecot: TestDovecot;
  let adminToken = '';
  const actions = contractActions(() => system, () => adminToken);
  const mailbox = { user: 'support@helpdesk.example', password: 'imap password of the test' };
  const ids = { customer: '', contact: '', allowedAccount: '', otherAccount: '' };
  const anna = { email: 'anna@acme.example', password: 'anna portal password' };
  /** The ticket Anna opens in the first story, worked on in the next ones. */
  const ticket = { id: '', number: 0, subject: 'Label printer jams on every second label' };

  /** An invitation email's link of this system's portal, as the contact's browser follows it. */
  function invitationToken(text: string): string {
    const link = /\/portal\/invitation\?token=(\S+)/.exec(text);
    if (!link) throw new Error(`no invitation link in: ${text}`);
    return decodeURIComponent(link[1]!);
  }

  /** A contact of the customer with a portal password: added (which invites them, or enable-login does), the invitation accepted. */
  async function addPortalContact(email: string, password: string): Promise<string> {
    const invitations = () => system.smtp.received.filter((mail) => mail.to.includes(email) && /invitation/i.test(mail.parsed.subject ?? ''));
    const added = await actions.expectStatus(system.api('POST', `/api/customers/${ids.customer}/contacts`, { token: adminToken, body: { firstName: 'Anna', lastName: 'Acme', email } }), 201, 'adding the contact');
    if (!added.body.invitation.sent) await actions.expectStatus(system.api('POST', `/api/contacts/${added.body.id}/enable-login`, { token: adminToken }), 200, 'enable-login');
    await waitFor(() => invitations().length > 0, { what: `the invitation to ${email}` });
    const token = invitationToken(invitations().at(-1)!.parsed.text ?? '');
    await actions.expectStatus(system.api('POST', '/api/portal/invitations/accept', { body: { token, password } }), 200, 'accepting the invitation');
    return added.body.id;
  }

  /** A browser of the staff console signed in as the administrator; closed by the caller. */
  async function staffConsole(): Promise<BrowsingSession> {
    const session = await browse(browser, system.origin);
    await signIn(session.page, 'staff', admin);
    return session;
  }

  async function portal(options: { phone?: boolean } = {}): Promise<BrowsingSession> {
    const session = await browse(browser, system.origin, options);
    await signIn(session.page, 'portal', anna);
    return session;
  }

  beforeAll(async () => {
    [system, browser, dovecot] = await Promise.all([
      // Mail fetched and processed within a second or so, for the story of a reply by email.
      startBrowserSystem({ 'mail-ingest': { IMAP_SWEEP_INTERVAL_MS: '300', PROCESSOR_POLL_MS: '100', MAIL_ACCOUNTS_REFRESH_MS: '200' } }),
      launchBrowser(),
      startTestDovecot({ users: [mailbox] }),
    ]);
    adminToken = await system.logInAsAdmin();
    await dovecot.doveadm('mailbox', 'create', '-u', mailbox.user, 'Acme', 'Other');
    ids.customer = await actions.addCustomer('Acme Labels');
    ids.contact = await addPortalContact(anna.email, anna.password);
    // Two mailboxes: one allocated to Acme, one to nobody. The portal's form must offer the first only.
    const account = (name: string, folder: string) => ({ name, address: 'support@helpdesk.example', host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder });
    ids.allowedAccount = (await actions.expectStatus(actions.asAdmin('POST', '/api/email-accounts', account('Acme support', 'Acme')), 201, 'account')).body.id;
    ids.otherAccount = (await actions.expectStatus(actions.asAdmin('POST', '/api/email-accounts', account('Other support', 'Other')), 201, 'account')).body.id;
    await actions.expectStatus(actions.asAdmin('PUT', `/api/email-accounts/${ids.allowedAccount}/allocation`, { kind: 'selected', customerIds: [ids.customer] }), 200, 'allocation');
    await actions.expectStatus(actions.asAdmin('PUT', `/api/email-accounts/${ids.otherAccount}/allocation`, { kind: 'none' }), 200, 'allocation');
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([system?.stop(), dovecot?.close()]);
  });

  test('a contact creates a ticket in the portal, offered exactly the mailboxes of their customer, and an agent sees it with its note in the console', async () => {
    const session = await portal();
    try {
      const { page } = session;
      await page.getByRole('link', { name: 'New ticket' }).first().click();
      await page.getByRole('heading', { name: 'New ticket' }).waitFor();
      const mailboxChoice = page.getByLabel('Support mailbox');
      // The tickets service learns of allocations from events: the form offers the account once it has.
      await waitFor(
        async () => {
          await page.reload();
          await page.getByLabel('Subject').waitFor();
          return (await mailboxChoice.count()) > 0;
        },
        { what: 'the portal to offer the allocated mailbox', timeoutMs: 20_000, intervalMs: 500 },
      );
      expect(await mailboxChoice.locator('option').allTextContents()).toEqual(['Acme support (support@helpdesk.example)']);

      // Empty, the API's messages appear beside the fields.
      await page.getByRole('button', { name: 'Create ticket' }).click();
      await page.getByRole('alert').first().waitFor();
      expect(await page.locator('.field-error').count()).toBeGreaterThan(0);

      await page.getByLabel('Subject').fill(ticket.subject);
      await page.getByLabel('Description').fill('Since the firmware update, every second label comes out crumpled.');
      // The tickets service learns of a new contact from events: a 409 "try again" may come first.
      await waitFor(
        async () => {
          const [answer] = await Promise.all([
            page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/api/portal/tickets')),
            page.getByRole('button', { name: 'Create ticket' }).click(),
          ]);
          return answer.status() === 201;
        },
        { what: 'the ticket to be created', timeoutMs: 20_000, intervalMs: 300 },
      );
      await page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
      ticket.id = /tickets\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
      await page.getByRole('heading', { name: ticket.subject }).waitFor();
      ticket.number = Number(/#(\d+)/.exec((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')![1]);

      await page.getByLabel('Your reply').fill('It happens with the 4x6 labels only.');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.getByRole('status').filter({ hasText: 'Your reply was added.' }).waitFor();
      await page.getByText('It happens with the 4x6 labels only.').waitFor();
      expect((await system.api('GET', `/api/tickets/${ticket.id}`, { token: adminToken })).body.emailAccountId).toBe(ids.allowedAccount);

      // The dashboard lists it, found by its words and by its status.
      await page.goto('/portal/?q=printer');
      await page.getByRole('link', { name: ticket.subject }).waitFor();
      await page.goto('/portal/?status=closed');
      await page.getByText('No tickets match.').waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      expectCleanSession(session);
    } finally {
      await session.close();
    }

    const staff = await staffConsole();
    try {
      const { page } = staff;
      await page.getByLabel('Search').fill('4x6');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/q=4x6/);
      await page.getByRole('link', { name: ticket.subject }).waitFor();
      // The list before the search may still be on the page for a moment: wait for the searched one.
      await waitFor(async () => (await page.locator('tbody tr').count()) === 1 || undefined, { what: 'the one ticket the search finds' });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'staff-ticket-list');

      await page.getByRole('link', { name: ticket.subject }).click();
      await page.getByRole('heading', { name: ticket.subject }).waitFor();
      await page.getByText('every second label comes out crumpled').waitFor();
      const note = page.locator('article.note', { hasText: 'It happens with the 4x6 labels only.' });
      await note.waitFor();
      await expect(note.textContent()).resolves.toContain('Public');
      expectCleanSession(staff);
    } finally {
      await staff.close();
    }
  });

  test('a saved view of the ticket list is kept per user in this browser and brings its filters back; an ended session leads to sign-in', async () => {
    const staff = await staffConsole();
    try {
      const { page } = staff;
      await page.getByLabel('Status').selectOption('new,open,pending');
      await page.getByLabel('Search').fill('label');
      await page.getByLabel('Sort by').selectOption('number');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/sort=number/);
      await page.getByLabel('Name of this view').fill('Open label tickets');
      await page.getByRole('button', { name: 'Save view' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved the view' }).waitFor();

      // Back to the whole list, then the view: the filters and the ticket return.
      await page.goto('/staff/tickets');
      await page.getByRole('link', { name: 'Open label tickets' }).click();
      await page.waitForURL(/q=label/);
      // The address changes first; the form, keyed by it, shows the view's filters at the next render.
      const formShows = async () => ({ search: await page.getByLabel('Search').inputValue(), sort: await page.getByLabel('Sort by').inputValue() });
      await waitFor(async () => JSON.stringify(await formShows()) === JSON.stringify({ search: 'label', sort: 'number' }) || undefined, { what: 'the saved view\'s filters in the form' });
      await page.getByRole('link', { name: ticket.subject }).waitFor();
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      expect(stored).toContain('Open label tickets');
      expect(stored).not.toMatch(/eyJ|csrf/i);

      // A session that ended meanwhile (here: its cookie gone) leads to the sign-in page at the next click.
      await staff.context.clearCookies();
      await page.getByRole('link', { name: ticket.subject }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expectCleanSession(staff);
    } finally {
      await staff.close();
    }
  });

  test('an internal note added in the console is never in the portal (page or answer); a public reply is in both, and emailed to the contact', async () => {
    const staff = await staffConsole();
    try {
      const { page } = staff;
      await page.goto(`/staff/tickets/${ticket.id}`);
      await page.getByRole('heading', { name: ticket.subject }).waitFor();
      // Someone else changes the ticket meanwhile: the note is refused in the API's words, the page reads
      // the ticket again and keeps the words, and sending again works.
      const current = await system.api('GET', `/api/tickets/${ticket.id}`, { token: adminToken });
      await actions.expectStatus(system.api('PATCH', `/api/tickets/${ticket.id}`, { token: adminToken, headers: { 'if-match': current.headers.get('etag')! }, body: { priority: 'low' } }), 200, 'a change meanwhile');
      await page.getByLabel('Note', { exact: true }).fill('Internal: their support plan lapsed last month.');
      await page.getByRole('button', { name: 'Add internal note' }).click();
      await page.getByRole('alert').filter({ hasText: 'was changed by someone else' }).waitFor();
      await page.locator('.facts').getByText('low').waitFor();
      await page.getByRole('button', { name: 'Add internal note' }).click();
      await page.getByRole('status').filter({ hasText: 'Internal note added.' }).waitFor();
      // The reply with the keyboard alone: type, Tab to "Send public reply", Enter.
      await page.getByLabel('Note', { exact: true }).focus();
      await page.keyboard.type('Please install firmware 2.1.4: it fixes the feed of the 4x6 labels.');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Send public reply');
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'Public reply sent.' }).waitFor();

      // Told apart by a label and a style, not by colour alone.
      const internal = page.locator('article.note', { hasText: 'support plan lapsed' });
      await expect(internal.getAttribute('class')).resolves.toContain('note-internal');
      await expect(internal.locator('.badge').textContent()).resolves.toBe('Internal note');
      const publicReply = page.locator('article.note', { hasText: 'firmware 2.1.4' });
      await expect(publicReply.getAttribute('class')).resolves.not.toContain('note-internal');
      await expect(publicReply.locator('.badge').textContent()).resolves.toBe('Public');

      // Status and priority from the same page.
      await page.getByLabel('Status', { exact: true }).selectOption('pending');
      await page.getByLabel('Priority').selectOption('high');
      await page.getByLabel('Assignee').selectOption({ label: 'Me' });
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
      const saved = (await system.api('GET', `/api/tickets/${ticket.id}`, { token: adminToken })).body;
      expect(saved).toMatchObject({ status: 'pending', priority: 'high', assigneeId: expect.any(String) });

      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'staff-ticket');
      expectCleanSession(staff);
    } finally {
      await staff.close();
    }

    // The public reply reaches the contact by email (automation A03), with the link to the ticket's page.
    const email = await system.smtp.waitForMail((mail) => mail.to.includes(anna.email) && (mail.parsed.text ?? '').includes('firmware 2.1.4'));
    expect(email.parsed.subject).toContain(`[Ticket #${ticket.number}]`);
    expect(email.parsed.text).not.toContain('support plan lapsed');
    const link = new RegExp(`${system.origin}/portal/tickets/${ticket.id}`).exec(email.parsed.text ?? '');
    expect(link).not.toBeNull();

    // Followed on a phone: the reply is there, the internal note neither on the page nor in what the page was answered.
    const session = await portal({ phone: true });
    try {
      const { page } = session;
      const answer = page.waitForResponse((response) => response.url().endsWith(`/api/portal/tickets/${ticket.id}`));
      await page.goto(link![0]);
      const body = await (await answer).text();
      await page.getByText('Please install firmware 2.1.4').waitFor();
      expect(body).toContain('firmware 2.1.4');
      expect(body).not.toContain('support plan lapsed');
      expect(await page.locator('main').textContent()).not.toContain('support plan lapsed');
      await page.getByText('pending').first().waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-ticket');
      expectCleanSession(session);
    } finally {
      await session.close();
    }
  });

  test("the contact's reply by email, with an attachment, is in the thread of both applications: its sender and subject in the console, the attachment downloadable by the session", async () => {
    const notification = system.smtp.received.filter((mail) => mail.to.includes(anna.email) && (mail.parsed.subject ?? '').includes(`[Ticket #${ticket.number}]`)).at(-1);
    expect(notification).toBeDefined();
    const subject = `Re: [Ticket #${ticket.number}] ${ticket.subject}`;
    const raw = [
      'From: Anna Acme <anna@acme.example>',
      'To: support@helpdesk.example',
      `Subject: ${subject}`,
      `Message-ID: <reply-${Date.now()}@acme.example>`,
      `In-Reply-To: ${notification!.parsed.messageId}`,
      `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Firmware 2.1.4 is on; the log of the last jam is attached.',
      '--outer',
      'Content-Type: text/plain; name="printer-log.txt"',
      'Content-Disposition: attachment; filename="printer-log.txt"',
      '',
      'jam at label 2, sensor 3',
      '--outer--',
      '',
    ].join('\r\n');
    const imap = await dovecot.connect(mailbox);
    try {
      await imap.append('Acme', raw);
    } finally {
      await imap.logout();
    }
    await waitFor(
      async () => ((await system.api('GET', `/api/tickets/${ticket.id}`, { token: adminToken })).body.notes as Array<{ sourceEmailId: string | null }>).some((note) => note.sourceEmailId),
      { what: 'the reply to be filed on the ticket', timeoutMs: 30_000, intervalMs: 300 },
    );

    const staff = await staffConsole();
    const session = await portal();
    try {
      await staff.page.goto(`/staff/tickets/${ticket.id}`);
      const emailed = staff.page.locator('article.note', { hasText: 'the log of the last jam is attached' });
      await emailed.getByText('Email from the contact').waitFor();
      await emailed.getByText('Anna Acme <anna@acme.example>').waitFor();
      await emailed.getByText(subject, { exact: true }).waitFor();
      await expect(emailed.locator('.badge').textContent()).resolves.toBe('Public');

      await session.page.goto(`/portal/tickets/${ticket.id}`);
      const inPortal = session.page.locator('article.note', { hasText: 'the log of the last jam is attached' });
      await inPortal.getByText('You', { exact: true }).waitFor();

      for (const [page, note] of [[staff.page, emailed], [session.page, inPortal]] as const) {
        const link = note.getByRole('link', { name: 'printer-log.txt' });
        const href = (await link.getAttribute('href'))!;
        expect(href).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}$/);
        const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([event]) => event);
        expect(download.suggestedFilename()).toBe('printer-log.txt');
        // The cookie of the page's session is what authorises it: the same address without it is refused.
        expect(await (await page.request.get(href)).text()).toBe('jam at label 2, sensor 3');
        expect((await fetch(`${system.origin}${href}`)).status).toBe(401);
      }
      expectCleanSession(staff);
      expectCleanSession(session);
    } finally {
      await Promise.all([staff.close(), session.close()]);
    }
  });

  test('a long thread shows its newest 50 notes, and the older ones on asking, in both applications', async () => {
    const long = (await actions.openTicket({ subject: 'Long thread', customerId: ids.customer, contactId: ids.contact })).body;
    let version = `"${long.version}"`;
    for (let n = 1; n <= 51; n += 1) {
      const added = await actions.expectStatus(
        system.api('POST', `/api/tickets/${long.id}/notes`, { token: adminToken, headers: { 'if-match': version }, body: { body: `Reply number ${n}.`, visibility: 'public' } }),
        201,
        `note ${n}`,
      );
      version = added.headers.get('etag')!;
    }
    const staff = await staffConsole();
    const session = await portal();
    try {
      for (const [page, path] of [[staff.page, `/staff/tickets/${long.id}`], [session.page, `/portal/tickets/${long.id}`]] as const) {
        await page.goto(path);
        await page.getByText('Reply number 51.').waitFor();
        expect(await page.getByText('Reply number 1.', { exact: true }).count()).toBe(0);
        await page.getByRole('button', { name: 'Show older notes' }).click();
        await page.getByText('Reply number 1.', { exact: true }).waitFor();
        expect(await page.locator('article.note').count()).toBe(51);
        expect(await page.getByRole('button', { name: 'Show older notes' }).count()).toBe(0);
      }
      expectCleanSession(staff);
      expectCleanSession(session);
    } finally {
      await Promise.all([staff.close(), session.close()]);
    }
  });

  test('time logged in the console shows on the ticket; past the contract’s limit the console asks first', async () => {
    const [sam, mia] = [await actions.addStaff('sam@helpdesk.test'), await actions.addStaff('mia@helpdesk.test')];
    const block = await actions.createContract({
      customerId: ids.customer,
      description: 'Acme one-hour block',
      purchaseOrderNumber: 'PO-ACME-1',
      customerContactId: ids.contact,
      supportContactId: sam.id,
      supportManagerId: mia.id,
      startDate: dayFromToday(-30),
      endDate: dayFromToday(330),
      hourRestriction: true,
      contractHours: 1,
      thresholdHours: null,
    });
    const worked = (await actions.openTicket({ subject: 'Label stock order', customerId: ids.customer, contactId: ids.contact, contractId: block.id })).body;
    // The contracts service learns of the ticket from events: the first 30 minutes wait for it.
    await actions.logFirstTime({ ticketId: worked.id, minutes: 30 });

    const staff = await staffConsole();
    try {
      const { page } = staff;
      await page.goto(`/staff/tickets/${worked.id}`);
      const time = page.getByRole('region', { name: 'Time' });
      await time.getByText('Logged on this ticket: 30 min').waitFor();
      await time.getByLabel('Minutes').fill('20');
      await time.getByLabel('What was done').fill('Checked the stock levels');
      await time.getByRole('button', { name: 'Log time' }).click();
      await time.getByRole('status').filter({ hasText: 'Logged 20 min' }).waitFor();
      await time.getByText('Logged on this ticket: 50 min').waitFor();
      await time.getByRole('cell', { name: 'Checked the stock levels' }).waitFor();

      // 30 more would pass the hour: the API refuses, the page says what remains and asks.
      await time.getByLabel('Minutes').fill('30');
      await time.getByRole('button', { name: 'Log time' }).click();
      const prompt = page.getByRole('alertdialog', { name: 'Past the contract’s hour limit' });
      await prompt.waitFor();
      await expect(prompt.textContent()).resolves.toContain('Only 10 min remain');
      expect((await system.api('GET', `/api/time-entries?ticketId=${worked.id}`, { token: adminToken })).body.totalMinutes).toBe(50);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await prompt.getByRole('button', { name: 'Log past the limit' }).click();
      await time.getByRole('status').filter({ hasText: 'past the contract’s limit' }).waitFor();
      await time.getByText('Logged on this ticket: 1 h 20 min').waitFor();
      expect(await time.getByText('past the limit', { exact: true }).count()).toBe(1);
      // The ticket's own total follows from the contracts service's events.
      await waitFor(
        async () => {
          await page.reload();
          await page.getByRole('heading', { name: 'Label stock order' }).waitFor();
          return (await page.locator('.facts').textContent())?.includes('1 h 20 min');
        },
        { what: 'the ticket to show the time logged', timeoutMs: 20_000, intervalMs: 500 },
      );
      expectCleanSession(staff);
    } finally {
      await staff.close();
    }
  });
});
