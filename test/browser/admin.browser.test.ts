import type { Browser, Page } from 'playwright-core';
import { browse, launchBrowser, saveScreenshot, seriousAccessibilityViolations, type BrowsingSession } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';
import { admin } from '../e2e/support/system';

/** The staff console's administration screens, each through its page in a real browser. */
describe('administration screens of the staff console', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken: string;
  let session: BrowsingSession;
  let page: Page;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
    session = await browse(browser, system.origin);
    page = session.page;
    page.setDefaultTimeout(10_000);
    await page.goto('/staff/');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => {
    expect(session.requestsElsewhere).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  async function expectAccessible(name: string) {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, `staff-admin-${name}`);
  }

  /** The alert or status line that contains `text`. */
  const notice = (role: 'alert' | 'status', text: string | RegExp) => page.getByRole(role).filter({ hasText: text });

  test('customers and contacts: create customers and a contact, then change the contact\'s customer with the confirmation that portal access ends', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await expectAccessible('index');

    // A group, for the customer to join.
    await page.getByRole('link', { name: 'Customer groups' }).click();
    await page.getByRole('heading', { name: 'Customer groups', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('alert').filter({ hasText: /./ }).first().waitFor();
    expect(await page.getByLabel('Group name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Group name').fill('Key accounts');
    await page.getByRole('button', { name: 'Create group' }).click();
    await notice('status', 'Group Key accounts created.').waitFor();
    await page.getByRole('cell', { name: 'Key accounts', exact: true }).waitFor();
    await expectAccessible('customer-groups');

    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    // The API's messages beside the fields: an invalid email domain.
    await page.getByLabel('Name', { exact: true }).fill('Emma Watson Ltd');
    await page.getByLabel('Email domains').fill('not a domain');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.locator('.field-error').first().waitFor();
    await page.getByLabel('Email domains').fill('emma.example');
    await page.getByLabel('Customer group').selectOption({ label: 'Key accounts' });
    await page.getByRole('button', { name: 'Create customer' }).click();
    await notice('status', 'Customer Emma Watson Ltd created.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Hannah Baker Inc');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await notice('status', 'Customer Hannah Baker Inc created.').waitFor();
    await page.getByRole('row', { name: /Emma Watson Ltd.*Key accounts.*emma\.example/ }).waitFor();
    await expectAccessible('customers');

    await page.getByRole('link', { name: 'Emma Watson Ltd' }).first().click();
    await page.getByRole('heading', { name: 'Emma Watson Ltd', level: 1 }).waitFor();
    await page.getByLabel('First name').fill('Harry');
    await page.getByLabel('Last name').fill('Porter');
    await page.getByLabel('Email', { exact: true }).fill('harry@emma.example');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await notice('status', /Harry Porter added\. An invitation to create a portal account goes out to harry@emma\.example/).waitFor();
    await page.getByRole('row', { name: /Harry Porter.*harry@emma\.example.*Invited/ }).waitFor();
    await expectAccessible('customer');

    // Moving an invited contact asks first, and says that portal access ends.
    await page.getByRole('button', { name: 'Change customer (Harry Porter)' }).click();
    await page.getByLabel('Search new customer').fill('Hannah');
    await page.getByLabel('New customer', { exact: true }).selectOption({ label: 'Hannah Baker Inc' });
    await page.getByRole('button', { name: 'Change customer', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Move Harry Porter to Hannah Baker Inc?' });
    await dialog.getByText('The portal access of Harry Porter ends').waitFor();
    await expectAccessible('move-contact-confirmation');
    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [customerId] = page.url().split('/').slice(-1);
    const unchanged = await system.api('GET', `/api/customers/${customerId}`, { token: adminToken });
    expect((unchanged.body as { contacts: Array<{ email: string }> }).contacts.map((c) => c.email)).toEqual(['harry@emma.example']);

    await page.getByRole('button', { name: 'Change customer', exact: true }).click();
    await dialog.getByRole('button', { name: 'Move and end portal access' }).click();
    await notice('status', 'Harry Porter moved to Hannah Baker Inc; their portal access ended.').waitFor();
    await page.getByText('No active contact.').waitFor();
    const moved = await system.api('GET', `/api/customers/${customerId}`, { token: adminToken });
    expect((moved.body as { contacts: unknown[] }).contacts).toEqual([]);

    // At the new customer: no login any more; Enable login invites them again.
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('link', { name: 'Hannah Baker Inc' }).click();
    await page.getByRole('row', { name: /Harry Porter.*No login/ }).waitFor();
    await page.getByRole('button', { name: 'Enable login (Harry Porter)' }).click();
    await notice('status', 'An invitation to create a portal account goes out to harry@emma.example').waitFor();
    await page.getByRole('row', { name: /Harry Porter.*Invited/ }).waitFor();

    // Deactivation is confirmed too.
    await page.getByRole('button', { name: 'Deactivate (Harry Porter)' }).click();
    await page.getByRole('dialog', { name: 'Deactivate Harry Porter?' }).getByRole('button', { name: 'Deactivate contact' }).click();
    await notice('status', 'Harry Porter is deactivated.').waitFor();
    await page.getByText('No active contact.').waitFor();
  });
});
