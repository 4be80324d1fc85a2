import { waitFor } from '@helpdesk/testing';
import type { Browser, Page } from 'playwright-core';
import { contractActions, dayFromToday } from '../e2e/support/contracts';
import { adminConsole, browse, expectCleanSession, expectAccessible as expectPageAccessible, launchBrowser, signIn, type BrowsingSession } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';

/**
 * Issue 14, administration of time and organisation in the staff console: time entries edited and
 * deleted on a ticket (past the contract's limit with its question), the ticket's contract chosen and
 * removed, a contract's time listed on the customer page, and a customer's locations and areas.
 */
describe('time entries, a ticket’s contract, locations and areas in the staff console', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let session: BrowsingSession;
  let page: Page;
  let adminToken = '';
  const actions = contractActions(() => system, () => adminToken);
  const ids = { customer: '', block: '', open: '', ticket: '', ticketNumber: 0, sam: { id: '', email: '' } };
  const subject = 'Badge printer prints blank cards';
  // A story drives several pages one after another; on a busy machine that takes more than jest's minute.
  const story = 180_000;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
    ids.customer = await actions.addCustomer('Nora Print Ltd');
    const contact = await actions.addContact(ids.customer, 'nora@nora.example');
    const sam = await actions.addStaff('sam@helpdesk.test');
    ids.sam = sam;
    const contract = (description: string, hours: Record<string, unknown>) =>
      actions.createContract({ customerId: ids.customer, description, customerContactId: contact.id, supportContactId: sam.id, startDate: dayFromToday(-30), endDate: dayFromToday(330), ...hours });
    ids.open = (await contract('Nora open support', { hourRestriction: false })).id;
    ids.block = (await contract('Nora one-hour block', { hourRestriction: true, contractHours: 1 })).id;
    // Both contracts known to the tickets service (a ticket may take either), the worked ticket on the block.
    await actions.openTicket({ subject: 'Toner order', customerId: ids.customer, contactId: contact.id, contractId: ids.open });
    const ticket = (await actions.openTicket({ subject, customerId: ids.customer, contactId: contact.id, contractId: ids.block })).body;
    [ids.ticket, ids.ticketNumber] = [ticket.id, ticket.number];
    // The contracts service learns of the ticket from events: the first 30 minutes wait for it.
    await actions.logFirstTime({ ticketId: ids.ticket, minutes: 30, note: 'Cleaned the print head' });

    session = await adminConsole(browser, system.origin);
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => expectCleanSession(session));

  const expectAccessible = (name: string) => expectPageAccessible(page, `staff-admin-time-${name}`);

  const status = (region: ReturnType<Page['getByRole']>, text: string | RegExp) => region.getByRole('status').filter({ hasText: text });

  /** The customer page's list of the time on a contract, opened from its row. */
  async function contractTime(description: string) {
    await page.goto(`/staff/admin/customers/${ids.customer}`);
    await page.getByRole('button', { name: `Time logged (${description})` }).click();
    const list = page.getByRole('region', { name: `Time logged on ${description}` });
    await list.waitFor();
    return list;
  }

  test('an agent edits a time entry past the contract’s limit, asked first; the contract’s list of time shows it', async () => {
    await page.goto(`/staff/tickets/${ids.ticket}`);
    const time = page.getByRole('region', { name: 'Time' });
    await time.getByText('Logged on this ticket: 30 min').waitFor();
    await time.getByLabel('Minutes').fill('20');
    await time.getByLabel('What was done').fill('Replaced the ribbon');
    await time.getByRole('button', { name: 'Log time' }).click();
    await status(time, 'Logged 20 min').waitFor();
    await time.getByText('Logged on this ticket: 50 min').waitFor();

    // 20 → 45 minutes would pass the hour: the API refuses, the page says what remains and asks.
    await time.getByRole('button', { name: /^Edit \(20 min on / }).click();
    const edit = time.getByRole('form', { name: /^Edit 20 min on / });
    expect(await edit.getByLabel('What was done').inputValue()).toBe('Replaced the ribbon');
    await edit.getByLabel('Minutes').fill('45');
    await edit.getByRole('button', { name: 'Save entry' }).click();
    const prompt = page.getByRole('alertdialog', { name: 'Past the contract’s hour limit' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Only 10 min remain on the contract');
    expect((await system.api('GET', `/api/time-entries?ticketId=${ids.ticket}`, { token: adminToken })).body.totalMinutes).toBe(50);
    await expectAccessible('edit-past-limit');
    await prompt.getByRole('button', { name: 'Save past the limit' }).click();
    await status(time, 'Saved 45 min past the contract’s limit. This ticket now has 1 h 15 min.').waitFor();
    await time.getByText('Logged on this ticket: 1 h 15 min').waitFor();
    expect(await time.getByText('past the limit', { exact: true }).count()).toBe(1);
    await page.getByRole('form', { name: 'Contract' }).getByText('Nora one-hour block: 0 of 1 h left, 0.25 h past the limit.').waitFor();

    const list = await contractTime('Nora one-hour block');
    await list.getByRole('cell', { name: 'Replaced the ribbon' }).waitFor();
    const rows = list.getByRole('row');
    expect(await rows.count()).toBe(3);
    // The last logged first: the edited entry (45 min, past the limit), then the first 30 minutes.
    await expect(rows.nth(1).textContent()).resolves.toMatch(new RegExp(`#${ids.ticketNumber} ${subject}.*45 min.*past the limit.*Replaced the ribbon`));
    await expect(rows.nth(2).textContent()).resolves.toMatch(/30 min.*Cleaned the print head/);
    await list.getByRole('link', { name: `#${ids.ticketNumber} ${subject}` }).first().waitFor();
    await expectAccessible('contract-time');
  }, story);

  test('an agent deletes a time entry, asked first, from the ticket the contract’s list leads to; the list follows', async () => {
    const list = await contractTime('Nora one-hour block');
    // Deleting is asked first; cancelling keeps the entry.
    await list.getByRole('link', { name: `#${ids.ticketNumber} ${subject}` }).first().click();
    const ticketTime = page.getByRole('region', { name: 'Time' });
    await ticketTime.getByRole('button', { name: /^Delete \(45 min on / }).click();
    const dialog = page.getByRole('dialog', { name: /^Delete 45 min on / });
    await dialog.getByText('The time comes off this ticket’s total').waitFor();
    await expectAccessible('delete-entry');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await system.api('GET', `/api/time-entries?ticketId=${ids.ticket}`, { token: adminToken })).body.totalMinutes).toBe(75);
    await ticketTime.getByRole('button', { name: /^Delete \(45 min on / }).click();
    await dialog.getByRole('button', { name: 'Delete entry' }).click();
    await status(ticketTime, 'Deleted 45 min. This ticket now has 30 min.').waitFor();
    await ticketTime.getByText('Logged on this ticket: 30 min').waitFor();

    const after = await contractTime('Nora one-hour block');
    await after.getByRole('cell', { name: 'Cleaned the print head' }).waitFor();
    expect(await after.getByRole('row').count()).toBe(2);
    expect(await after.getByText('Replaced the ribbon').count()).toBe(0);
  }, story);

  test('an agent moves the ticket to another of the customer’s contracts and removes its contract', async () => {
    await page.goto(`/staff/tickets/${ids.ticket}`);
    const form = page.getByRole('form', { name: 'Contract' });
    await form.getByText('Nora one-hour block: 0.5 of 1 h left.').waitFor();
    await form.getByLabel('Contract', { exact: true }).selectOption({ label: 'Nora open support (0 h used, no hour limit)' });
    await expectAccessible('ticket-contract');
    await form.getByRole('button', { name: 'Save contract' }).click();
    await status(form, 'Contract assigned.').waitFor();
    await form.getByText('Nora open support: 0 h used, no hour limit.').waitFor();
    expect((await system.api('GET', `/api/tickets/${ids.ticket}`, { token: adminToken })).body.contractId).toBe(ids.open);

    await form.getByLabel('Contract', { exact: true }).selectOption({ label: 'No contract' });
    await form.getByRole('button', { name: 'Save contract' }).click();
    await status(form, 'Contract removed.').waitFor();
    await form.getByText('This ticket is on no contract.').waitFor();
    expect((await system.api('GET', `/api/tickets/${ids.ticket}`, { token: adminToken })).body.contractId).toBeNull();
    // The time logged before stays where it was billed.
    expect((await system.api('GET', `/api/contracts/${ids.block}`, { token: adminToken })).body.usedMinutes).toBe(30);
  }, story);

  test('an agent without time_entries.manage is offered the edit and deletion of their own entries only', async () => {
    // Sam (an agent, no permissions) in a team that reaches the customer, signed in again for the team.
    const team = await actions.expectStatus(actions.asAdmin('POST', '/api/teams', { name: 'Nora team', customerIds: [ids.customer] }), 201, 'the team');
    await actions.expectStatus(actions.asAdmin('PUT', `/api/teams/${team.body.id}/members/${ids.sam.id}`), 200, 'a member');
    const sam = { email: ids.sam.email, password: `password of ${ids.sam.email}` };
    const samToken = (await actions.expectStatus(system.api('POST', '/api/auth/login', { body: sam }), 200, 'login of sam')).body.accessToken as string;
    await actions.logFirstTime({ ticketId: ids.ticket, minutes: 10, note: 'Checked the card feeder' }, samToken);
    await waitFor(async () => (await system.api('GET', `/api/tickets/${ids.ticket}`, { token: samToken })).status === 200, { what: 'the ticket to be in reach of Sam' });

    const samSession = await browse(browser, system.origin);
    try {
      await signIn(samSession.page, 'staff', sam);
      await samSession.page.goto(`/staff/tickets/${ids.ticket}`);
      const time = samSession.page.getByRole('region', { name: 'Time' });
      await time.getByText('Logged on this ticket: 40 min').waitFor();
      await time.getByRole('button', { name: /^Edit \(10 min on .* by Staff sam\)$/ }).waitFor();
      // The administrator's 30 minutes: neither offered.
      expect(await time.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(2);
      expect(await time.getByRole('button', { name: /by Administrator/ }).count()).toBe(0);
      expectCleanSession(samSession);
    } finally {
      await samSession.close();
    }
    // The administrator (time_entries.manage) is offered both entries.
    await page.goto(`/staff/tickets/${ids.ticket}`);
    const time = page.getByRole('region', { name: 'Time' });
    await time.getByText('Logged on this ticket: 40 min').waitFor();
    await time.getByRole('button', { name: /^Edit \(10 min on .* by Staff sam\)$/ }).waitFor();
    expect(await time.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(4);
  }, story);

  test('an administrator adds, renames and deletes a location and an area of the customer, the deletions asked first', async () => {
    await page.goto(`/staff/admin/customers/${ids.customer}`);
    for (const kind of [
      { title: 'Locations', noun: 'location', Noun: 'Location', name: 'Head office', renamed: 'Main office', address: '1 Print Street' },
      { title: 'Areas', noun: 'area', Noun: 'Area', name: 'Warehouse', renamed: 'Dispatch', address: undefined },
    ]) {
      const section = page.getByRole('region', { name: kind.title });
      await section.getByText(`No ${kind.noun} yet.`).waitFor();
      // The API's message beside the field: a name is required.
      await section.getByRole('button', { name: `Add ${kind.noun}` }).click();
      await section.locator('.field-error').first().waitFor();
      expect(await section.getByLabel(`${kind.Noun} name`).getAttribute('aria-invalid')).toBe('true');

      await section.getByLabel(`${kind.Noun} name`).fill(kind.name);
      if (kind.address) await section.getByLabel('Address').fill(kind.address);
      await section.getByRole('button', { name: `Add ${kind.noun}` }).click();
      await status(section, `${kind.Noun} ${kind.name} added.`).waitFor();
      await section.getByRole('row', { name: new RegExp(`${kind.name}${kind.address ? `.*${kind.address}` : ''}`) }).waitFor();
      await expectAccessible(kind.noun);

      await section.getByRole('button', { name: `Rename (${kind.name})` }).click();
      await section.getByLabel(`${kind.Noun} name`).fill(kind.renamed);
      await section.getByRole('button', { name: `Save ${kind.noun}` }).click();
      await status(section, `${kind.Noun} ${kind.renamed} saved.`).waitFor();
      await section.getByRole('cell', { name: kind.renamed, exact: true }).waitFor();

      await section.getByRole('button', { name: `Delete (${kind.renamed})` }).click();
      const dialog = page.getByRole('dialog', { name: `Delete the ${kind.noun} ${kind.renamed}?` });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await section.getByRole('button', { name: `Delete (${kind.renamed})` }).click();
      await dialog.getByRole('button', { name: `Delete ${kind.noun}` }).click();
      await status(section, `${kind.Noun} ${kind.renamed} deleted.`).waitFor();
      await section.getByText(`No ${kind.noun} yet.`).waitFor();
    }
    const overview = (await system.api('GET', `/api/customers/${ids.customer}`, { token: adminToken })).body as { locations: unknown[]; areas: unknown[] };
    expect([overview.locations, overview.areas]).toEqual([[], []]);
  }, story);
});
