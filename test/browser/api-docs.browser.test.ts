import type { Browser } from 'playwright-core';
import { describedRoutes, type OpenApiDocument } from '@helpdesk/openapi';
import { browse, launchBrowser, saveScreenshot } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';

/** The page that reads the API description: Swagger UI under the pages' strict CSP, loading nothing from elsewhere. */
describe('/api/docs in a browser', () => {
  let system: BrowserSystem;
  let browser: Browser;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  test('reads the whole description and shows its operations, with no CSP refusal, no script error and no request elsewhere', async () => {
    const document = (await (await fetch(`${system.origin}/api/openapi.json`)).json()) as OpenApiDocument;
    const session = await browse(browser, system.origin);
    try {
      const { page } = session;
      await page.goto('/api/docs');
      await page.locator('#operations-Tickets-postTickets').waitFor();
      // Swagger UI renders the operations near the viewport only; what it read is every one of them.
      const read = await page.evaluate(() => (window as unknown as { ui: { specSelectors: { operations(): { size: number } } } }).ui.specSelectors.operations().size);
      expect(read).toBe(describedRoutes(document).length);

      // An operation opens with its request body's schema, as the parser has it.
      await page.locator('#operations-Tickets-postTickets .opblock-summary').click();
      await page.locator('#operations-Tickets-postTickets').getByText('requesterEmail').first().waitFor();
      await saveScreenshot(page, 'api-docs');

      // A link to an operation far down the page (deep linking, read as the page loads) shows it open: the contracts service's time entries.
      await page.goto('about:blank');
      await page.goto('/api/docs#/Time%20entries/postTimeEntries');
      await page.locator('#operations-Time_entries-postTimeEntries.is-open').waitFor();

      expect(session.pageErrors).toEqual([]);
      expect(session.requestsElsewhere).toEqual([]);
    } finally {
      await session.close();
    }
    // Swagger UI reads the 120 kB description in a few seconds; a loaded machine takes several times that.
  }, 180_000);
});
