import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@helpdesk/testing';
import { adminConsole, expectCleanSession, expectAccessible as expectPageAccessible, launchBrowser, type BrowsingSession } from './support/browser';
import { startBrowserSystem, type BrowserSystem } from './support/system';
import { admin } from '../e2e/support/system';

interface Template {
  id: string;
  key: string;
  name: string;
  context: string;
}

/** Automations' rules, templates' creation and deletion, and the email settings, through the staff console's pages. */
describe('administration of automations\' rules, templates and email settings', () => {
  let system: BrowserSystem;
  let browser: Browser;
  let adminToken: string;
  let session: BrowsingSession;
  let page: Page;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startBrowserSystem(), launchBrowser()]);
    adminToken = await system.logInAsAdmin();
    session = await adminConsole(browser, system.origin);
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await system?.stop();
  });
  afterEach(() => expectCleanSession(session));

  const expectAccessible = (name: string) => expectPageAccessible(page, `staff-admin-${name}`);

  const notice = (role: 'alert' | 'status', text: string | RegExp) => page.getByRole(role).filter({ hasText: text });
  const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.textContent ?? null);
  const api = <T>(method: string, path: string, body?: unknown) => system.api(method, path, { token: adminToken, ...(body === undefined ? {} : { body }) }) as Promise<{ status: number; body: T }>;

  test('automations: one created with a condition and an action (the API\'s refusals beside their fields), its condition edited, and the dry run shows the new rules\' outcome', async () => {
    const ticket = await api<{ id: string; number: number }>('POST', '/api/tickets', { subject: 'Printer jams', description: 'Floor 2.', requesterEmail: 'office@customer.example' });
    expect(ticket.status).toBe(201);
    await waitFor(async () => {
      const samples = await api<{ items: Array<{ id: string }> }>('GET', '/api/automations/sample-tickets');
      return samples.body.items.some((sample) => sample.id === ticket.body.id) || undefined;
    }, { what: 'the notifier to know the ticket' });
    const template = (await api<{ items: Template[] }>('GET', '/api/emails/templates')).body.items.find((candidate) => candidate.context === 'ticket')!;
    const team = await api<{ id: string }>('POST', '/api/teams', { name: 'Night shift' });
    expect(team.status).toBe(201);

    await page.goto('/staff/admin/automations');
    await page.getByRole('link', { name: 'New automation' }).click();
    await page.getByRole('heading', { name: 'New automation', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Normal tickets to the owner');
    await page.getByLabel('Trigger').selectOption({ label: 'A ticket was opened' });

    // Rows are added and removed with the keyboard; the focus goes to the new row, and back to Add after a removal.
    await page.getByRole('button', { name: 'Add condition' }).press('Enter');
    const condition = page.getByRole('group', { name: 'Condition 1' });
    await condition.waitFor();
    expect(await focusedLabel()).toBe('Field');
    await page.getByRole('button', { name: 'Add condition' }).press('Enter');
    await page.getByRole('button', { name: 'Remove condition (condition 2)' }).press('Enter');
    await page.getByRole('group', { name: 'Condition 2' }).waitFor({ state: 'detached' });
    expect(await focusedLabel()).toBe('Add condition');

    await condition.getByLabel('Field').selectOption({ label: 'Priority' });
    await condition.getByLabel('Operator').selectOption({ label: 'is one of' });
    await condition.getByRole('group', { name: 'Values' }).getByLabel('Normal').check();
    const action = page.getByRole('group', { name: 'Action 1: send an email' });
    await action.getByLabel('Recipient 1').selectOption({ label: 'The account owner' });
    // No template chosen: the API's refusal is shown beside the template.
    await page.getByRole('button', { name: 'Create automation' }).click();
    await notice('alert', /./).first().waitFor();
    expect(await action.getByLabel('Template').getAttribute('aria-invalid')).toBe('true');
    await action.getByLabel('Template').selectOption({ label: template.name });
    await expectAccessible('automation-new');
    await page.getByRole('button', { name: 'Create automation' }).click();

    await notice('status', 'Automation created').waitFor();
    const id = page.url().split('/').pop()!;
    const created = (await api<{ trigger: string; conditions: unknown; actions: unknown; enabled: boolean }>('GET', `/api/automations/${id}`)).body;
    expect(created).toMatchObject({
      trigger: 'ticket.created',
      conditions: [{ field: 'priority', op: 'in', values: ['normal'] }],
      actions: [{ type: 'send_email', templateId: template.id, to: [{ kind: 'account_owner' }] }],
      enabled: true,
    });

    await page.getByLabel('Ticket', { exact: true }).selectOption({ label: `#${ticket.body.number} Printer jams` });
    await page.getByRole('button', { name: 'Try it' }).click();
    await notice('status', 'conditions pass; 1 email(s) would be sent.').waitFor();
    await page.getByRole('list', { name: 'Conditions' }).getByText('Priority is one of Normal: the ticket has normal, holds').waitFor();

    // A field the trigger does not offer: the API's message beside it.
    const edited = page.getByRole('group', { name: 'Condition 1' });
    await page.getByLabel('Trigger').selectOption({ label: 'A ticket assigned to a contract was closed' });
    await page.getByRole('button', { name: 'Save automation' }).click();
    await edited.locator('.field-error').filter({ hasText: 'is not offered by the trigger contract.ticket_closed' }).waitFor();
    expect(await edited.getByLabel('Field').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('automation-editor-errors');

    await page.getByLabel('Trigger').selectOption({ label: 'A ticket was opened' });
    await edited.getByRole('group', { name: 'Values' }).getByLabel('Normal').uncheck();
    await edited.getByRole('group', { name: 'Values' }).getByLabel('Urgent').check();
    // A value that is an id is picked from its list: the team by its name.
    await page.getByRole('button', { name: 'Add condition' }).click();
    const second = page.getByRole('group', { name: 'Condition 2' });
    await second.getByLabel('Field').selectOption({ label: 'Team' });
    await second.getByLabel('Operator').selectOption({ label: 'is none of' });
    await second.getByRole('group', { name: 'Values' }).getByLabel('Night shift').check();
    await page.getByRole('button', { name: 'Save automation' }).click();
    await notice('status', 'Automation saved.').waitFor();
    // The dry run shown is tried again on the saved rules: the ticket is not urgent.
    await notice('status', 'conditions do not pass; 0 email(s) would be sent.').waitFor();
    await page.getByRole('list', { name: 'Conditions' }).getByText('Priority is one of Urgent: the ticket has normal, does not hold').waitFor();
    const saved = (await api<{ conditions: unknown; version: number }>('GET', `/api/automations/${id}`)).body;
    expect(saved.conditions).toEqual([
      { field: 'priority', op: 'in', values: ['urgent'] },
      { field: 'team', op: 'not_in', values: [team.body.id] },
    ]);
    await page.getByRole('list', { name: 'Conditions' }).getByText('Team is none of 1 chosen: holds').waitFor();
    expect(saved.version).toBe(2);
    await expectAccessible('automation-editor');
    // Many steps on a machine the other tests share: more than the default minute.
  }, 180_000);

  test('automations on contracts: the dry run is tried on a contract\'s event, not on a ticket (none has come yet, and the API says so); a customer condition picked by name', async () => {
    const contractTemplate = (await api<{ items: Template[] }>('GET', '/api/emails/templates')).body.items.find((candidate) => candidate.context === 'contract')!;
    const onContracts = await api<{ id: string }>('POST', '/api/automations', { name: 'Threshold to the owner', trigger: 'contract.threshold_reached', enabled: false, actions: [{ type: 'send_email', templateId: contractTemplate.id, to: [{ kind: 'account_owner' }] }] });
    expect(onContracts.status).toBe(201);
    await page.goto(`/staff/admin/automations/${onContracts.body.id}`);
    await page.getByRole('combobox', { name: 'Contract' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Ticket' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Try it' }).click();
    await notice('alert', 'The notifier has received no contract.threshold_reached event yet').waitFor();

    // Its customers are found by name and added to the condition.
    const customer = await api<{ id: string }>('POST', '/api/customers', { name: 'Threshold Traders' });
    expect(customer.status).toBe(201);
    await page.getByRole('button', { name: 'Add condition' }).click();
    const condition = page.getByRole('group', { name: 'Condition 1' });
    await condition.getByLabel('Field').selectOption({ label: 'Customer' });
    await condition.getByLabel('Search customer to add').fill('Threshold');
    await condition.getByLabel('Customer to add', { exact: true }).selectOption({ label: 'Threshold Traders' });
    await condition.getByRole('button', { name: 'Add customer' }).click();
    await condition.getByRole('button', { name: 'Remove (Threshold Traders)' }).waitFor();
    await page.getByRole('button', { name: 'Save automation' }).click();
    await notice('status', 'Automation saved.').waitFor();
    expect((await api<{ conditions: unknown }>('GET', `/api/automations/${onContracts.body.id}`)).body.conditions).toEqual([{ field: 'customer', op: 'in', values: [customer.body.id] }]);
  });

  test('templates: one created with a syntax error (shown at its line), fixed and created, refused deletion while an automation sends it, then deleted after the confirmation', async () => {
    await page.goto('/staff/admin/email-templates');
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New email template', level: 1 }).waitFor();
    await page.getByLabel('Key').fill('printer-alert');
    await page.getByLabel('Sent on').selectOption({ label: 'A ticket (opened, assigned, edited)' });
    await page.getByLabel('Name').fill('Printer alert');
    await page.getByLabel('Subject').fill('Ticket {{ ticket.number }}');
    const html = page.getByLabel('HTML body');
    await html.fill('<p>Hello,</p>\n<p>Ticket {{ ticket.number </p>');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.locator('.field-error li').filter({ hasText: /^Line 2, column \d+/ }).waitFor();
    expect(await html.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible('template-new-errors');

    await html.fill('<p>Hello,</p>\n<p>Ticket {{ ticket.number }}</p>');
    await page.getByRole('button', { name: 'Create template' }).click();
    await notice('status', 'Template created.').waitFor();
    await page.getByRole('heading', { name: 'Template Printer alert', level: 1 }).waitFor();
    const template = (await api<{ items: Template[] }>('GET', '/api/emails/templates')).body.items.find((candidate) => candidate.key === 'printer-alert')!;
    expect((await api<{ html: string; context: string }>('GET', `/api/emails/templates/${template.id}`)).body).toMatchObject({ context: 'ticket', html: '<p>Hello,</p>\n<p>Ticket {{ ticket.number }}</p>' });

    const automation = await api<{ id: string; code: string }>('POST', '/api/automations', { name: 'Uses the printer alert', trigger: 'ticket.created', enabled: false, actions: [{ type: 'send_email', templateId: template.id, to: [{ kind: 'requester' }] }] });
    expect(automation.status).toBe(201);
    await page.getByRole('link', { name: 'Email templates', exact: true }).click();
    await page.getByRole('button', { name: 'Delete (Printer alert)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the template Printer alert?' });
    await expectAccessible('template-delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete template' }).click();
    await notice('alert', `is still used by automation ${automation.body.code}`).waitFor();

    expect((await api('DELETE', `/api/automations/${automation.body.id}`)).status).toBe(204);
    await page.getByRole('button', { name: 'Delete (Printer alert)' }).click();
    await dialog.getByRole('button', { name: 'Delete template' }).click();
    await notice('status', 'Template Printer alert deleted.').waitFor();
    await page.getByRole('link', { name: 'Printer alert' }).waitFor({ state: 'detached' });
    expect((await api('GET', `/api/emails/templates/${template.id}`)).status).toBe(404);
  });

  test('email settings: the account owner named, kept after a reload, and back to the oldest administrator', async () => {
    const owner = await api<{ id: string }>('POST', '/api/staff', { email: 'olivia@helpdesk.test', name: 'Olivia Owner', password: 'a long enough password 1' });
    expect(owner.status).toBe(201);
    // The notifier knows staff users from the gateway's events: until then, naming her is refused.
    await waitFor(async () => (await api('PUT', '/api/emails/settings', { accountOwnerId: owner.body.id })).status === 200 || undefined, { what: 'the notifier to know the new staff user' });
    expect((await api('PUT', '/api/emails/settings', { accountOwnerId: null })).status).toBe(200);

    await page.goto('/staff/admin');
    await page.getByRole('main').getByRole('link', { name: 'Email settings' }).click();
    await page.getByRole('heading', { name: 'Email settings', level: 1 }).waitFor();
    await page.getByText(`Now: `).filter({ hasText: admin.email }).waitFor();
    await page.getByRole('combobox', { name: 'Account owner' }).selectOption({ label: 'Olivia Owner (olivia@helpdesk.test)' });
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await notice('status', 'Email settings saved.').waitFor();
    await page.getByText('Now: Olivia Owner (olivia@helpdesk.test).').waitFor();
    await expectAccessible('email-settings');

    await page.reload();
    await page.getByText('Now: Olivia Owner (olivia@helpdesk.test).').waitFor();
    expect(await page.getByRole('combobox', { name: 'Account owner' }).inputValue()).toBe(owner.body.id);
    expect((await api<{ accountOwnerId: string }>('GET', '/api/emails/settings')).body.accountOwnerId).toBe(owner.body.id);

    await page.getByRole('combobox', { name: 'Account owner' }).selectOption({ label: 'The oldest active administrator' });
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await notice('status', 'Email settings saved.').waitFor();
    await page.getByText('Now: ').filter({ hasText: admin.email }).waitFor();
    expect((await api<{ accountOwnerId: string | null }>('GET', '/api/emails/settings')).body.accountOwnerId).toBeNull();
  });
});
