import { freePort, startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

/**
 * Issue 11 (accounts and allocation), through the gateway: an administrator connects mailboxes (each
 * save tested against a real IMAP server, each failure with its own message), allocates them (seed
 * 001), and each customer's contacts are offered, and may name on a ticket, exactly those allocated
 * to their customer.
 */
describe('tickets-from-email accounts and their allocation, through the gateway', () => {
  let system: System;
  let dovecot: TestDovecot;
  let admin: string;
  const actions = portalActions(() => system, () => admin);
  const mailbox = { user: 'support@helpdesk.example', password: 'imap-password-never-logged' };
  const customers = { alpha: '', beta: '', gamma: '' };
  const tokens = { alpha: '', beta: '', gamma: '' };
  const accounts = { all: '', group: '', selected: '', none: '' };
  let groupId = '';

  const api = (method: string, path: string, body?: unknown, token = admin) => system.api(method, path, { token, body });
  const accountBody = (name: string, folder: string, overrides: Record<string, unknown> = {}) => ({
    name, address: 'support@helpdesk.example', host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder, ...overrides,
  });

  beforeAll(async () => {
    [system, dovecot] = await Promise.all([startSystem(), startTestDovecot({ users: [mailbox] })]);
    await dovecot.doveadm('mailbox', 'create', '-u', mailbox.user, 'Box1', 'Box2', 'Box3', 'Box4');
    admin = await system.logInAsAdmin();
    groupId = (await api('POST', '/api/customer-groups', { name: 'Key accounts' })).body.id;
    for (const [key, name] of [['alpha', 'Alpha Works'], ['beta', 'Beta Industries'], ['gamma', 'Gamma Foods']] as const) {
      customers[key] = (await api('POST', '/api/customers', { name })).body.id;
      tokens[key] = await actions.portalUser(await actions.addContact(customers[key], `anna@${key}.example`, 'Anna'));
    }
    expect((await api('PUT', `/api/customer-groups/${groupId}/customers/${customers.alpha}`)).status).toBe(204);
  });
  afterAll(async () => {
    await Promise.all([system?.stop(), dovecot?.close()]);
  });

  it('a wrong password, an unreachable host and a missing folder each give their own message on save', async () => {
    const failures = [
      [{ password: 'not-the-password' }, '/password', /refused the user name or password/],
      [{ port: await freePort() }, '/host', /cannot be reached/],
      [{ folder: 'NoSuchFolder' }, '/folder', /folder "NoSuchFolder" does not exist/],
    ] as const;
    for (const [overrides, pointer, message] of failures) {
      const response = await api('POST', '/api/email-accounts', accountBody('Broken', 'Box1', overrides));
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer, message: expect.stringMatching(message) }] } });
    }
    expect((await api('GET', '/api/email-accounts')).body.items).toEqual([]);
  });

  it('creates the accounts and allocates them: all, a group, selected customers (found by a three-character search), none', async () => {
    for (const [key, folder] of [['all', 'Box1'], ['group', 'Box2'], ['selected', 'Box3'], ['none', 'Box4']] as const) {
      const created = await api('POST', '/api/email-accounts', accountBody(`Account ${key}`, folder));
      expect(created.status).toBe(201);
      accounts[key] = created.body.id;
    }
    // mail-ingest learns of customers and groups from events.
    const found = await waitFor(
      async () => {
        const search = await api('GET', '/api/email-accounts/customer-search?q=a%20I');
        return search.status === 200 && search.body.items.length > 0 ? search.body.items : undefined;
      },
      { what: 'the customer search to find Beta Industries' },
    );
    expect(found).toEqual([{ id: customers.beta, name: 'Beta Industries' }]);
    expect((await api('GET', '/api/email-accounts/customer-search?q=Be')).status).toBe(400);

    const group = await waitFor(async () => {
      const response = await api('PUT', `/api/email-accounts/${accounts.group}/allocation`, { kind: 'group', groupId });
      return response.status === 200 ? response : undefined;
    }, { what: 'mail-ingest to know the group' });
    expect(group.body.allocation).toEqual({ kind: 'group', groupId });
    expect((await api('PUT', `/api/email-accounts/${accounts.selected}/allocation`, { kind: 'selected', customerIds: [customers.beta] })).status).toBe(200);
    expect((await api('PUT', `/api/email-accounts/${accounts.none}/allocation`, { kind: 'none' })).status).toBe(200);
  });

  const offeredTo = async (token: string) => ((await api('GET', '/api/portal/email-accounts', undefined, token)).body.items as Array<{ id: string }>).map((a) => a.id).sort();
  const expectOffered = (token: string, ids: string[]) =>
    waitFor(async () => JSON.stringify(await offeredTo(token)) === JSON.stringify([...ids].sort()), { what: `the portal to offer ${ids.length} accounts` });

  it('offers each customer\'s contacts exactly the accounts allocated to their customer', async () => {
    await expectOffered(tokens.alpha, [accounts.all, accounts.group]);
    await expectOffered(tokens.beta, [accounts.all, accounts.selected]);
    await expectOffered(tokens.gamma, [accounts.all]);
  });

  it('a customer added after the allocations gets the All Customers account only', async () => {
    const delta = (await api('POST', '/api/customers', { name: 'Delta Labs' })).body.id;
    const token = await actions.portalUser(await actions.addContact(delta, 'anna@delta.example', 'Anna'));
    await expectOffered(token, [accounts.all]);
  });

  it('saving another allocation replaces the previous one entirely', async () => {
    expect((await api('PUT', `/api/email-accounts/${accounts.selected}/allocation`, { kind: 'selected', customerIds: [customers.gamma] })).status).toBe(200);
    await expectOffered(tokens.gamma, [accounts.all, accounts.selected]);
    await expectOffered(tokens.beta, [accounts.all]);
  });

  it('the portal refuses a foreign account on a new ticket, and takes an allocated one', async () => {
    const refused = await api('POST', '/api/portal/tickets', { subject: 'Printer', description: 'Offline.', emailAccountId: accounts.group }, tokens.beta);
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ pointer: '/emailAccountId' }] } });
    const taken = await waitFor(async () => {
      const response = await api('POST', '/api/portal/tickets', { subject: 'Printer', description: 'Offline.', emailAccountId: accounts.group }, tokens.alpha);
      return response.status === 201 ? response : undefined;
    }, { what: 'the ticket with an allocated account' });
    expect(taken.status).toBe(201);
  });

  it('never shows or logs the mailbox password', async () => {
    const list = await system.api('GET', '/api/email-accounts', { token: admin });
    expect(JSON.stringify(list.body)).not.toContain(mailbox.password);
    expect(JSON.stringify(system.logs)).not.toContain(mailbox.password);
  });
});
