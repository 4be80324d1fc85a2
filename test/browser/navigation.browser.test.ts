import type { Page, Request, Route } from 'playwright-core';
import { admin } from '../e2e/support/system';
import { browse, expectCleanSession, saveScreenshot, seriousAccessibilityViolations, signIn } from './support/browser';
import { browserSystemPerFile } from './support/per-file';

/**
 * Issue 14, the pages' state, focus and navigation: the latest read of a ticket wins, a page of one item
 * starts afresh for another, focus and the title follow each navigation, a list's page survives Back, and
 * the ticket work form keeps the agent's unsaved choices and says plainly when someone else changed the ticket.
 */
describe('navigation, focus and the state of the pages', () => {
  const started = browserSystemPerFile();

  const asAdmin = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => started.system.api(method, path, { token: started.adminToken, body, ...(headers ? { headers } : {}) });

  async function openTicket(subject: string): Promise<{ id: string; number: number; version: number }> {
    const created = await asAdmin('POST', '/api/tickets', { subject, description: `About ${subject}.`, requesterEmail: 'office@lantern.example' });
    if (created.status !== 201) throw new Error(`opening "${subject}": ${created.status} ${JSON.stringify(created.body)}`);
    return created.body;
  }

  /** A note added by someone else meanwhile, through the API: the ticket's version moves on. */
  async function addNoteElsewhere(ticketId: string, body: string): Promise<void> {
    const ticket = await asAdmin('GET', `/api/tickets/${ticketId}`);
    const added = await asAdmin('POST', `/api/tickets/${ticketId}/notes`, { body, visibility: 'internal' }, { 'if-match': `"${ticket.body.version}"` });
    if (added.status !== 201) throw new Error(`adding a note: ${added.status} ${JSON.stringify(added.body)}`);
  }

  /** A story in the staff console, signed in as the administrator: nothing leaves the machine, no page errs. */
  async function inStaffConsole(story: (page: Page) => Promise<void>): Promise<void> {
    const session = await browse(started.browser, started.system.origin);
    try {
      await signIn(session.page, 'staff', admin);
      await story(session.page);
      expectCleanSession(session);
    } finally {
      await session.close();
    }
  }

  /** The address changed inside the running application (as a link to it would), without loading the page again. */
  async function followInApp(page: Page, path: string): Promise<void> {
    await page.evaluate((to) => {
      window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }

  /** Waits until focus is on the page's h1 naming `text`, and the document's title names it too. */
  async function expectFocusOnHeading(page: Page, text: string): Promise<void> {
    await page.waitForFunction((name) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent?.includes(name), text);
    await page.waitForFunction((name) => document.title.includes(name) && document.title.endsWith(' · Helpdesk'), text);
  }

  /** Holds the next request matching `url` unanswered until the test lets it go; every other goes on. */
  async function holdNext(page: Page, url: string | RegExp) {
    let held: { route: Route; request: Request } | undefined;
    let heldSignal: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (heldSignal = resolve));
    await page.route(url, async (route) => {
      if (held) return route.continue();
      held = { route, request: route.request() };
      heldSignal();
    });
    return {
      arrived,
      /** Answers the held request (the ticket as it was, say), or lets it through; it may have been cancelled meanwhile. */
      async release(answer?: unknown): Promise<void> {
        const { route, request } = held!;
        const done = request.response().catch(() => null);
        await (answer === undefined ? route.continue() : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) })).catch(() => undefined);
        await done;
        // Two frames: what the page does with the answer is rendered by then.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      },
    };
  }

  const fact = (page: Page, label: string) => page.locator('.facts div').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd');

  test('Back from a ticket returns to the same page of the list; focus and the title follow each navigation, not the first load', async () => {
    for (let n = 1; n <= 26; n += 1) await openTicket(`Paging ticket ${String(n).padStart(2, '0')}`);
    await inStaffConsole(async (page) => {
      await page.goto('/staff/tickets?q=Paging&sort=number&order=asc');
      await page.getByRole('link', { name: 'Paging ticket 01' }).waitFor();
      await page.waitForFunction(() => document.title === 'Tickets · Helpdesk');
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('H1');

      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByText('Page 2').waitFor();
      await page.getByRole('link', { name: 'Paging ticket 26' }).waitFor();
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      // Paging is no navigation to another page: focus is not taken to the heading.
      expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('H1');

      await page.getByRole('link', { name: 'Paging ticket 26' }).click();
      await expectFocusOnHeading(page, 'Paging ticket 26');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.goBack();
      await page.getByRole('link', { name: 'Paging ticket 26' }).waitFor();
      expect(await page.getByText('Page 2').isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: 'Paging ticket 01' }).count()).toBe(0);
      await expectFocusOnHeading(page, 'Tickets');

      await page.getByRole('button', { name: 'Previous page' }).click();
      await page.getByRole('link', { name: 'Paging ticket 01' }).waitFor();
      expect(new URL(page.url()).searchParams.get('cursor')).toBeNull();

      await page.getByRole('link', { name: 'Administration' }).click();
      await expectFocusOnHeading(page, 'Administration');
    });
  });

  test('the customers of the administration keep their search and page in the address, so Back from a customer returns to them', async () => {
    for (let n = 1; n <= 26; n += 1) {
      const created = await asAdmin('POST', '/api/customers', { name: `Pager customer ${String(n).padStart(2, '0')}` });
      expect(created.status).toBe(201);
    }
    await inStaffConsole(async (page) => {
      await page.goto('/staff/admin/customers');
      await page.getByLabel('Search customers').fill('Pager customer');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Pager customer 01' }).waitFor();
      await page.getByRole('button', { name: 'Next page' }).click();
      await page.getByRole('link', { name: 'Pager customer 26' }).click();
      await expectFocusOnHeading(page, 'Pager customer 26');

      await page.goBack();
      await page.getByRole('link', { name: 'Pager customer 26' }).waitFor();
      expect(await page.getByRole('link', { name: 'Pager customer 01' }).count()).toBe(0);
      expect(await page.getByLabel('Search customers').inputValue()).toBe('Pager customer');
    });
  });

  test('the latest read of a ticket wins: an older answer landing late does not overwrite a newer one', async () => {
    const ticket = await openTicket('Race of two reads');
    const asItWas = (await asAdmin('GET', `/api/tickets/${ticket.id}`)).body;
    await inStaffConsole(async (page) => {
      await page.goto(`/staff/tickets/${ticket.id}`);
      await page.getByRole('heading', { name: /Race of two reads/ }).waitFor();
      const firstRead = await holdNext(page, new RegExp(`/api/tickets/${ticket.id}$`));

      // The saved status reads the ticket again (held). A note sent meanwhile, with the version still shown,
      // is refused as stale, and the ticket is read again (answered): the status saved is shown.
      await page.getByLabel('Status', { exact: true }).selectOption('open');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await firstRead.arrived;
      await page.getByLabel('Note', { exact: true }).fill('Written while the ticket was read again');
      await page.getByRole('button', { name: 'Add internal note' }).click();
      await page.waitForFunction(() => document.querySelector('.facts')?.textContent?.includes('open'));

      // The first read's answer, the ticket as it was before the status, lands last.
      await firstRead.release(asItWas);
      await page.getByRole('button', { name: 'Save changes' }).waitFor();
      expect(await fact(page, 'Status').textContent()).toBe('open');
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe('Written while the ticket was read again');
    });
  });

  test('a ticket page followed to another ticket starts afresh: no words typed for the first, no older notes of the first', async () => {
    const first = await openTicket('Lantern with a long thread');
    for (let n = 1; n <= 51; n += 1) await addNoteElsewhere(first.id, `Lantern thread note ${String(n).padStart(2, '0')}`);
    const second = await openTicket('Lantern without notes');
    await inStaffConsole(async (page) => {
      await page.goto(`/staff/tickets/${first.id}`);
      await page.getByRole('heading', { name: /Lantern with a long thread/ }).waitFor();
      await page.getByLabel('Note', { exact: true }).fill('Meant for the long thread only');
      const olderNotes = await holdNext(page, new RegExp(`/api/tickets/${first.id}/notes\\?`));
      await page.getByRole('button', { name: 'Show older notes' }).click();
      await olderNotes.arrived;

      await followInApp(page, `/staff/tickets/${second.id}`);
      await expectFocusOnHeading(page, 'Lantern without notes');
      await olderNotes.release();
      await page.getByText('No notes yet.').waitFor();
      expect(await page.getByText('Lantern thread note 01').count()).toBe(0);
      expect(await page.getByLabel('Note', { exact: true }).inputValue()).toBe('');
    });
  });

  test('the work form keeps unsaved choices when the ticket is read again, and says plainly when someone else changed it', async () => {
    const ticket = await openTicket('Choices kept while noting');
    await inStaffConsole(async (page) => {
      await page.goto(`/staff/tickets/${ticket.id}`);
      await page.getByRole('heading', { name: /Choices kept while noting/ }).waitFor();
      const choices = async () => ({ status: await page.getByLabel('Status', { exact: true }).inputValue(), priority: await page.getByLabel('Priority', { exact: true }).inputValue(), assignee: await page.getByLabel('Assignee', { exact: true }).inputValue() });
      await page.getByLabel('Status', { exact: true }).selectOption('pending');
      await page.getByLabel('Priority', { exact: true }).selectOption('high');
      await page.getByLabel('Assignee', { exact: true }).selectOption({ label: 'Me' });
      const chosen = await choices();
      expect(chosen).toEqual({ status: 'pending', priority: 'high', assignee: expect.stringMatching(/./) });

      // A note changes the ticket's version: the ticket is read again, the choices stay.
      await page.getByLabel('Note', { exact: true }).fill('Noted before saving the choices');
      await page.getByRole('button', { name: 'Add internal note' }).click();
      await page.getByText('Internal note added.').waitFor();
      expect(await choices()).toEqual(chosen);

      // Someone else changes the ticket meanwhile: saving is refused, said plainly, with a way to reload.
      await addNoteElsewhere(ticket.id, 'A colleague was here');
      await page.getByRole('button', { name: 'Save changes' }).click();
      const stale = page.getByRole('alert').filter({ hasText: 'Someone else changed this ticket' });
      await stale.waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'navigation-stale-ticket');
      await stale.getByRole('button', { name: 'Reload the ticket' }).click();
      await page.getByText('A colleague was here').waitFor();
      expect(await stale.count()).toBe(0);
      expect(await choices()).toEqual(chosen);

      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes saved.').waitFor();
      await page.waitForFunction(() => document.querySelector('.facts')?.textContent?.includes('pending'));
      expect(await fact(page, 'Priority').textContent()).toBe('high');
      expect(await fact(page, 'Assignee').textContent()).toBe('me');
      const saved = (await asAdmin('GET', `/api/tickets/${ticket.id}`)).body;
      expect({ status: saved.status, priority: saved.priority, assigneeId: saved.assigneeId }).toEqual({ status: 'pending', priority: 'high', assigneeId: chosen.assignee });
    });
  });
});
