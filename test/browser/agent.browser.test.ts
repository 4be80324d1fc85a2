import { waitFor } from '@helpdesk/testing';
import type { Browser } from 'playwright-core';
import { contractActions } from '../e2e/support/contracts';
import { browse, expectCleanSession, launchBrowser, saveScreenshot, seriousAccessibilityViolations, signIn } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';

/**
 * An agent with no manage right (neither staff.manage nor teams.manage) assigns a ticket to a team and a
 * colleague, picked by name from the staff directory every staff user may read.
 */
describe('an agent without manage rights', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken = '';
  const actions = contractActions(() => system, () => adminToken);
  const agnes = { email: 'agnes@helpdesk.example', password: 'password of agnes@helpdesk.example' };
  const ids = { team: '', agnes: '', colin: '', ticket: '' };

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
    const customerId = await actions.addCustomer('Acme Printers');
    const contact = await actions.addContact(customerId, 'paula@acme.example');
    ids.team = (await actions.expectStatus(actions.asAdmin('POST', '/api/teams', { name: 'Second line', ticketAccess: 'all' }), 201, 'team')).body.id;
    ids.agnes = (await actions.addStaff(agnes.email)).id;
    ids.colin = (await actions.addStaff('colin@helpdesk.example')).id;
    for (const member of [ids.agnes, ids.colin]) await actions.expectStatus(actions.asAdmin('PUT', `/api/teams/${ids.team}/members/${member}`), 200, 'team member');
    ids.ticket = (await actions.openTicket({ customerId, contactId: contact.id, subject: 'Toner light stays on' })).body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  test('picks a team and a colleague by name on the ticket and saves the assignment', async () => {
    const me = await actions.expectStatus(system.api('GET', '/api/auth/me', { token: (await system.api('POST', '/api/auth/login', { body: agnes })).body.accessToken }), 200, 'agnes');
    expect(me.body.permissions).toEqual([]);
    const session = await browse(browser, system.origin);
    try {
      const { page } = session;
      await signIn(page, 'staff', agnes);
      await page.goto(`/staff/tickets/${ids.ticket}`);
      await page.getByRole('heading', { name: /Toner light stays on/ }).waitFor();
      // The tickets service learns of the team and the staff users from events: the ticket page names them once the directory did.
      await page.getByLabel('Team').locator('option', { hasText: 'Second line' }).waitFor({ state: 'attached' });
      await page.getByLabel('Team').selectOption({ label: 'Second line' });
      await page.getByLabel('Assignee').selectOption({ label: 'Staff colin' });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await waitFor(
        async () => {
          await page.getByRole('button', { name: 'Save changes' }).click();
          await page.getByRole('status').filter({ hasText: 'Changes saved.' }).or(page.getByRole('alert')).first().waitFor();
          return (await page.getByRole('status').filter({ hasText: 'Changes saved.' }).count()) > 0;
        },
        { what: 'the assignment to be saved (the tickets service knows the team and colleague from events)', timeoutMs: 20_000, intervalMs: 500 },
      );
      const saved = (await system.api('GET', `/api/tickets/${ids.ticket}`, { token: adminToken })).body;
      expect(saved).toMatchObject({ teamId: ids.team, assigneeId: ids.colin });
      // The ticket's facts name them too, read from the directory.
      await expect(page.locator('dl').first().textContent()).resolves.toMatch(/Second line[\s\S]*Staff colin/);
      await saveScreenshot(page, 'agent-assigns');
      expectCleanSession(session);
    } finally {
      await session.close();
    }
  });
});
