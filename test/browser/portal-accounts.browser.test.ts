import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@helpdesk/testing';
import { browse, expectCleanSession, launchBrowser, saveScreenshot, seriousAccessibilityViolations, signIn } from './support/browser';
import { emailedLink } from './support/emailed-links';
import { startBrowserSystem, type BrowserSystem } from './support/system';
import { contractActions } from '../e2e/support/contracts';

const invitationSubject = 'Your invitation to the customer portal';
const resetSubject = 'Reset your password';
const portalSwitchedOff = 'The customer portal is switched off';

/**
 * The portal's accounts in a real browser (issue 14 §1): the invitation from its email to the dashboard,
 * forgotten passwords (portal and staff), access that ends while a page is open (a moved contact, the
 * portal switched off), and the customer's contracts with the hours used and remaining.
 */
describe('portal accounts in the browser', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken: string;
  const actions = contractActions(() => system, () => adminToken);

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** A contact added by an administrator who accepted the emailed invitation (through the API) with `password`. */
  async function contactWithLogin(customerId: string, email: string, password: string) {
    const contact = await actions.addContact(customerId, email);
    const token = new URL(await emailedLink(system, email, invitationSubject, '/portal/invitation')).searchParams.get('token');
    await actions.expectStatus(system.api('POST', '/api/portal/invitations/accept', { body: { token, password } }), 200, `accepting the invitation of ${email}`);
    return contact;
  }

  /** The portal's sign-in form, as the contact fills it, up to the dashboard. */
  async function signInToPortal(page: Page, email: string, password: string) {
    await signIn(page, 'portal', { email, password });
    await page.getByRole('heading', { name: 'Your tickets' }).waitFor();
  }

  async function choosePassword(page: Page, password: string, repeated = password) {
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').fill(repeated);
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
  }

  /** A story in a fresh browser profile, closed after it; then nothing may have left the machine, and no page thrown or logged an error. */
  async function inBrowser(options: { phone?: boolean }, story: (page: Page) => Promise<void>) {
    const session = await browse(browser, system.origin, options);
    try {
      await story(session.page);
      expectCleanSession(session);
    } finally {
      await session.close();
    }
  }

  const portalLogin = (email: string, password: string) => system.api('POST', '/api/portal/login', { body: { email, password } });

  async function portalApp(): Promise<{ id: string; version: number; enabled: boolean }> {
    const apps = await actions.expectStatus(actions.asAdmin('GET', '/api/customer-apps'), 200, 'the customer apps');
    return apps.body.items.find((app: { kind: string }) => app.kind === 'portal');
  }

  async function switchPortal(enabled: boolean) {
    const app = await portalApp();
    await actions.expectStatus(actions.asAdmin('PATCH', `/api/customer-apps/${app.id}`, { enabled, version: app.version }), 200, `switching the portal ${enabled ? 'on' : 'off'}`);
  }

  test("the invitation link in the email leads to a password, the sign-in and the customer's tickets; the used link says what to do", async () => {
    const customerId = await actions.addCustomer('Invited Ltd');
    const ivy = await actions.addContact(customerId, 'ivy@invited.example');
    const link = await emailedLink(system, ivy.email, invitationSubject, '/portal/invitation');
    await actions.openTicket({ subject: 'Label printer jams', customerId, contactId: ivy.id });

    await inBrowser({}, async (page) => {
      await page.goto(link);
      await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
      // The link's token leaves the address bar (and the history) once the page has read it.
      await page.waitForURL((url) => !url.search.includes('token='));

      // The API's password policy, beside the field it is about.
      await choosePassword(page, 'too short');
      const password = page.getByLabel('New password', { exact: true });
      await page.getByText('must have at least 12 characters').waitFor();
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await password.getAttribute('aria-describedby'))!.split(' ');
      expect(await page.locator(`[id="${describedBy.at(-1)}"]`).textContent()).toBe('must have at least 12 characters');
      await page.getByRole('alert').filter({ hasText: 'Choose a password of at least 12 characters.' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-invitation');

      // Two different passwords are caught on the page, before any request.
      await choosePassword(page, 'ivy prints labels daily', 'ivy prints labels weekly');
      await page.getByText('is not the same as the new password').waitFor();

      await choosePassword(page, 'ivy prints labels daily');
      await page.getByRole('heading', { name: 'Your tickets' }).waitFor();
      await page.getByRole('cell', { name: 'Label printer jams' }).waitFor();
      expect(new URL(page.url()).pathname).toMatch(/^\/portal\/?$/);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-dashboard');

      // The link again: used, which the gateway says with what to do instead; the form is gone.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.goto(link);
      await choosePassword(page, 'another good password');
      await page.getByRole('alert').filter({ hasText: 'This invitation link has already been used. Sign in with your email and password' }).waitFor();
      expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
      await page.getByRole('link', { name: 'Go to the sign-in page' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      // A link without its token is told at once.
      await page.goto('/portal/invitation');
      await page.getByRole('alert').filter({ hasText: 'This link is incomplete: open the link from the email again.' }).waitFor();
    });
  });

  test('a contact moved to another customer loses the page at the next click and is sent to the sign-in with a message', async () => {
    const [formerId, newId] = await Promise.all([actions.addCustomer('Former Employer Ltd'), actions.addCustomer('New Employer Ltd')]);
    const mover = await contactWithLogin(formerId, 'mover@former.example', 'mover password one');
    await actions.openTicket({ subject: 'Old company laptop', customerId: formerId, contactId: mover.id });
    // A program's token of the same contact: it tells when the gateway has ended the access.
    const probe = (await actions.expectStatus(portalLogin(mover.email, 'mover password one'), 200, 'the probe login')).body.accessToken as string;

    await inBrowser({}, async (page) => {
      await signInToPortal(page, mover.email, 'mover password one');
      await page.getByRole('cell', { name: 'Old company laptop' }).waitFor();

      // Seed 003: changing the contact's customer ends their portal access (the administrator confirms it).
      await actions.expectStatus(actions.asAdmin('POST', `/api/contacts/${mover.id}/move`, { customerId: newId, confirmPortalAccessEnd: true }), 200, 'the move');
      await waitFor(async () => (await system.api('GET', '/api/portal/tickets', { token: probe })).status === 401, { what: 'the gateway to end the access' });

      await page.getByRole('link', { name: 'Contracts' }).click();
      await page.getByRole('status').filter({ hasText: 'Your sign-in has ended: sign in again.' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.getByRole('cell', { name: 'Old company laptop' }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Your contracts' }).count()).toBe(0);

      // The old password went with the access.
      await page.getByLabel('Email').fill(mover.email);
      await page.getByLabel('Password').fill('mover password one');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The email address or the password is wrong.' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
    });
  });

  test('a contact who forgot the password gets the link by email and is signed in with the new one; a stranger gets the same answer', async () => {
    const customerId = await actions.addCustomer('Forgetful Ltd');
    const fay = await contactWithLogin(customerId, 'fay@forgetful.example', 'fay first password');
    await actions.openTicket({ subject: 'Scanner offline', customerId, contactId: fay.id });

    await inBrowser({ phone: true }, async (page) => {
      const askForLink = async (email: string) => {
        await page.goto('/portal/');
        await page.getByRole('link', { name: 'Forgot your password?' }).click();
        await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Email me a link' }).click();
        return (await page.getByRole('status').filter({ hasText: 'If an account with this email address exists' }).textContent())!;
      };

      const toStranger = await askForLink('nobody@forgetful.example');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-forgot-password-phone');
      const toFay = await askForLink(fay.email);
      expect(toFay).toBe(toStranger);

      const link = await emailedLink(system, fay.email, resetSubject, '/portal/reset-password');
      await page.goto(link);
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await choosePassword(page, 'fay second password');
      await page.getByRole('cell', { name: 'Scanner offline' }).waitFor();

      expect((await portalLogin(fay.email, 'fay first password')).status).toBe(401);
      expect((await portalLogin(fay.email, 'fay second password')).status).toBe(200);
      expect(system.smtp.received.filter((mail) => mail.to.includes('nobody@forgetful.example'))).toEqual([]);

      // The link works once: the second use says so and offers another.
      await page.goto(link);
      await choosePassword(page, 'fay third password');
      await page.getByRole('alert').filter({ hasText: 'This password reset link has already been used.' }).waitFor();
      await page.getByRole('link', { name: 'Ask for another link' }).waitFor();
    });
  });

  test('an agent who forgot the password resets it from the staff sign-in page and is signed in with the new one', async () => {
    const agent = await actions.addStaff('forgetful.agent@helpdesk.test');
    await inBrowser({}, async (page) => {
      await page.goto('/staff/');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Email').fill(agent.email);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await page.getByRole('status').filter({ hasText: 'If an account with this email address exists' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);

      await page.goto(await emailedLink(system, agent.email, resetSubject, '/staff/reset-password'));
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await choosePassword(page, 'agent second password');
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();

      const login = (password: string) => system.api('POST', '/api/auth/login', { body: { email: agent.email, password } });
      expect((await login(`password of ${agent.email}`)).status).toBe(401);
      expect((await login('agent second password')).status).toBe(200);
    });
  });

  test("the contracts page shows each current contract's hours used and remaining, on a phone", async () => {
    const customerId = await actions.addCustomer('Contracted Ltd');
    const [cora, sam] = await Promise.all([contactWithLogin(customerId, 'cora@contracted.example', 'cora portal password'), actions.addStaff('sam@helpdesk.test')]);
    const contract = await actions.createContract({
      customerId,
      description: 'Priority support 2027',
      purchaseOrderNumber: 'PO-4711',
      customerContactId: cora.id,
      supportContactId: sam.id,
      hourRestriction: true,
      contractHours: 10,
    });
    const ticket = (await actions.openTicket({ subject: 'Firewall rules', customerId, contactId: cora.id, contractId: contract.id })).body;
    await actions.logFirstTime({ ticketId: ticket.id, minutes: 90 });

    await inBrowser({ phone: true }, async (page) => {
      await signInToPortal(page, cora.email, 'cora portal password');
      await page.getByRole('link', { name: 'Contracts' }).click();
      await page.getByRole('heading', { name: 'Your contracts' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Priority support 2027' });
      await row.waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells).toEqual([expect.stringContaining('PO-4711'), expect.any(String), '10 h', '1 h 30 min', '8 h 30 min', 'Staff sam']);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, 'portal-contracts-phone');
    });
  });

  test('email-only mode: with the portal app switched off the portal refuses everyone, an open page included, until it is on again', async () => {
    const customerId = await actions.addCustomer('Email Only Ltd');
    const eli = await contactWithLogin(customerId, 'eli@emailonly.example', 'eli portal password');
    // A page open since before the switch, and a newcomer's (each profile checked clean at its end).
    await inBrowser({}, (open) =>
      inBrowser({ phone: true }, async (newcomer) => {
        await signInToPortal(open, eli.email, 'eli portal password');

        await switchPortal(false);
        try {
          // The page already open: its next click shows why, and no sign-in form.
          await open.getByRole('link', { name: 'Contracts' }).click();
          await open.getByRole('heading', { name: 'Support portal' }).waitFor();
          await open.getByRole('alert').filter({ hasText: portalSwitchedOff }).waitFor();
          expect(await open.getByRole('button').count()).toBe(0);
          expect(await open.getByRole('heading', { name: 'Your contracts' }).count()).toBe(0);

          // A newcomer: the message, no form, on every page of the portal.
          for (const path of ['/portal/', '/portal/forgot-password', '/portal/invitation?token=anything']) {
            await newcomer.goto(path);
            await newcomer.getByRole('alert').filter({ hasText: portalSwitchedOff }).waitFor();
            expect(await newcomer.getByRole('textbox').count()).toBe(0);
            expect(await newcomer.getByRole('button').count()).toBe(0);
          }
          expect(await seriousAccessibilityViolations(newcomer)).toEqual([]);
          await saveScreenshot(newcomer, 'portal-email-only-phone');

          // The API refuses too, whoever asks.
          expect(await portalLogin(eli.email, 'eli portal password')).toMatchObject({ status: 403, body: { detail: expect.stringContaining(portalSwitchedOff) } });
        } finally {
          await switchPortal(true);
        }

        await newcomer.goto('/portal/');
        await newcomer.getByRole('button', { name: 'Sign in' }).waitFor();
        await signInToPortal(newcomer, eli.email, 'eli portal password');
      }),
    );
  });
});
