import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { admin } from '../../e2e/support/system';

/** Debian's Chromium (apt package `chromium`, installed by .ci/run); CHROMIUM_PATH names another. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, and quiet on a closed network: without these flags Chromium keeps calling Google's hosts. */
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const screenshotDir = path.join(__dirname, '..', '..', '..', 'var', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath, args: flags, headless: true });
}

export interface BrowsingSession {
  context: BrowserContext;
  page: Page;
  /** Every request the pages made to anywhere but the gateway (none may leave the machine). */
  requestsElsewhere: string[];
  /** Errors the pages' scripts threw, and what else Chromium logged as an error (CSP refusals among them). */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser profile (its own cookies) on the gateway's origin, with a phone's screen when asked.
 * Requests to any other origin are recorded and aborted, so that a test can tell that none was tried.
 */
export async function browse(browser: Browser, origin: string, options: { phone?: boolean } = {}): Promise<BrowsingSession> {
  const context = await browser.newContext({
    baseURL: origin,
    ...(options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
  });
  const requestsElsewhere: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin || url.startsWith('data:') || url.startsWith('blob:') || url === 'about:srcdoc') return route.continue();
    requestsElsewhere.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // An answer the page expects (401 before sign-in, 404 of an unknown ticket) is logged by Chromium as a
  // failed resource: not an error of the page. Everything else it logs as an error is (CSP refusals too).
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  return { context, page, requestsElsewhere, pageErrors, close: () => context.close() };
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core on the page as it is now (WCAG 2.1 A and AA rules): the serious and critical violations.
 * The script goes in through the DevTools protocol, which the page's CSP does not govern.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Saves a screenshot of the whole page as var/screenshots/<name>.png (kept by the test run, ignored by git). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The sign-in form of the portal or the staff console, filled as a person would, up to the signed-in page. */
export async function signIn(page: Page, app: 'portal' | 'staff', credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`/${app}/`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** What must hold at the end of every story: no request left the machine, no page threw or logged an error. */
export function expectCleanSession(session: BrowsingSession): void {
  expect(session.requestsElsewhere).toEqual([]);
  expect(session.pageErrors).toEqual([]);
}

/** The administrator signed in to the staff console in a fresh browser profile, waiting at most 10 s for anything on its pages. */
export async function adminConsole(browser: Browser, origin: string): Promise<BrowsingSession> {
  const session = await browse(browser, origin);
  session.page.setDefaultTimeout(10_000);
  await signIn(session.page, 'staff', admin);
  return session;
}

/** The page as it is now has no serious accessibility violation; its screenshot is saved as var/screenshots/<name>.png. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await saveScreenshot(page, name);
}
