import type { Browser, Request } from 'playwright-core';
import { waitFor } from '@helpdesk/testing';
import { browse, launchBrowser, signIn } from './support/browser';
import { startBrowserSystem } from './support/system';
import { admin } from '../e2e/support/system';
import { startEmailSystem, supportAddress, type EmailSystem } from '../e2e/support/email-system';

/**
 * Issue 14 §3, decided in docs/web.md: remote images an agent allows are loaded by the agent's browser from a
 * frame of opaque origin, so an image naming the helpdesk's own address is a cross-site request and goes
 * without the SameSite=Strict session cookie: it cannot act as the agent.
 */
describe('remote images an agent allows', () => {
  let mail: EmailSystem & { system: { origin: string } };
  let browser: Browser;
  let ticketId = '';
  /** An address of the helpdesk that answers 200 with a session and 401 without one. */
  const ownAddress = () => `${mail.system.origin}/api/auth/session?image=probe`;

  beforeAll(async () => {
    [mail, browser] = await Promise.all([startEmailSystem((options) => startBrowserSystem(options.env)), launchBrowser()]);
    await mail.addCustomer('Acme', ['acme.example'], ['anna@acme.example']);
    const sent = await mail.deliver({
      from: 'Anna <anna@acme.example>', to: supportAddress, subject: 'Logo attached', text: 'See the logo.',
      html: `<p>See the logo.</p><p><img src="${ownAddress()}" alt="Helpdesk address" width="20" height="20"></p>`,
    });
    const filed = await mail.recordOf(sent);
    expect(filed).toMatchObject({ state: 'filed', ticket: { id: expect.any(String) } });
    ticketId = filed.ticket.id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mail?.stop();
  });

  test('an image naming the helpdesk is requested without the session cookie', async () => {
    const session = await browse(browser, mail.system.origin);
    try {
      const { page } = session;
      const probes: Request[] = [];
      page.on('request', (request) => {
        if (request.url() === ownAddress()) probes.push(request);
      });
      await signIn(page, 'staff', admin);
      await page.goto(`/staff/tickets/${ticketId}`);
      await page.getByRole('heading', { level: 1, name: /Logo attached/ }).waitFor();
      await page.getByText('A remote image is blocked').waitFor();
      expect(probes).toEqual([]);
      // The page's own request carries the cookie, and the test sees it: the session is there to be sent.
      const own = page.waitForRequest((request) => request.url() === `${mail.system.origin}/api/auth/session`);
      expect(await page.evaluate(async (url) => (await fetch(url)).status, `${mail.system.origin}/api/auth/session`)).toBe(200);
      expect((await (await own).allHeaders()).cookie).toContain('__Host-helpdesk_session=');

      await page.getByRole('button', { name: 'Show remote images' }).click();
      // The frame loads lazily: in view, as the agent who asked for the images has it.
      await page.getByTitle('The email that opened the ticket').scrollIntoViewIfNeeded();
      await waitFor(() => probes.length > 0, { what: 'the image to be requested' });
      const probe = probes[0]!;
      expect((await probe.allHeaders()).cookie).toBeUndefined();
      // Without the cookie the gateway answers 401 (whose Cross-Origin-Resource-Policy the browser then applies to the opaque frame).
      const answer = await probe.response();
      if (answer) expect(answer.status()).toBe(401);
      else expect(probe.failure()?.errorText).toMatch(/BLOCKED_BY_RESPONSE/);
      expect(session.requestsElsewhere).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
