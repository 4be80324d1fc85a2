import type { Browser } from 'playwright-core';
import { browse, launchBrowser, saveScreenshot, seriousAccessibilityViolations } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';
import { admin } from '../e2e/support/system';

/** Signing in on the pages: the session lives in a cookie no script can read, and nothing leaves the machine. */
describe('signing in on the pages', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  test('an administrator signs in to the staff console and sees the tickets, with the session out of reach of scripts', async () => {
    const created = await system.api('POST', '/api/tickets', { token: adminToken, body: { subject: 'Printer on fire', description: 'Smoke from tray 2.', requesterEmail: 'office@customer.example' } });
    expect(created.status).toBe(201);
    const session = await browse(browser, system.origin);
    try {
      const { page } = session;
      await page.goto('/staff/');
      await page.getByLabel('Email').fill(admin.email);
      await page.getByLabel('Password').fill(admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();
      await page.getByRole('cell', { name: 'Printer on fire' }).waitFor();

      const cookies = await session.context.cookies();
      expect(cookies).toContainEqual(expect.objectContaining({ name: '__Host-helpdesk_session', httpOnly: true, secure: true, sameSite: 'Strict' }));
      expect(await page.evaluate(() => document.cookie)).not.toContain('helpdesk_session');
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ/);

      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'staff-tickets');

      // Reloading keeps the session (the cookie); signing out ends it.
      await page.reload();
      await page.getByRole('cell', { name: 'Printer on fire' }).waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(session.requestsElsewhere).toEqual([]);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  test('a wrong password is told on the page, beside no session', async () => {
    const session = await browse(browser, system.origin, { phone: true });
    try {
      const { page } = session;
      await page.goto('/portal/');
      await page.getByLabel('Email').fill('nobody@customer.example');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The email address or the password is wrong.' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-sign-in-phone');
      expect(session.requestsElsewhere).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
