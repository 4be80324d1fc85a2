import { randomUUID } from 'node:crypto';
import { customerUpdatedV1 } from '@helpdesk/contracts-schema';
import { waitFor } from '@helpdesk/testing';
import { administrator, startMailIngest, type MailIngestTestService } from './helpers';

/**
 * Seed 001: an account is allocated to All Customers (the default), one Customer Group, Selected
 * Customers or No Customers; saving an allocation replaces the previous one entirely; the customer
 * search for Selected Customers needs three consecutive characters. (What contacts then see is the
 * tickets service's: test/e2e/email-account-allocation.e2e.test.ts.)
 */
describe('allocating an account to customers', () => {
  let m: MailIngestTestService;
  const admin = administrator();
  let accountId: string;
  let acme: string;
  let globex: string;
  let group: string;

  beforeAll(async () => {
    m = await startMailIngest();
    group = await m.addGroup('Key accounts');
    acme = await m.addCustomer('Acme Corporation', group);
    globex = await m.addCustomer('Globex 100% Ltd');
    // Disabled: no connection test, so no IMAP server is needed to allocate.
    const created = await m.call('POST', '/api/email-accounts', {
      as: admin,
      body: { name: 'Sales', address: 'sales@helpdesk.example', host: 'imap.helpdesk.example', port: 993, tlsMode: 'tls', user: 'sales', password: 'p', enabled: false },
    });
    accountId = created.body.id;
  });
  afterAll(() => m?.stop());

  const allocate = (body: unknown) => m.call('PUT', `/api/email-accounts/${accountId}/allocation`, { as: admin, body });
  const selectedRows = async () => (await m.query<{ customer_id: string }>('SELECT customer_id FROM email_account_customers WHERE email_account_id = $1 ORDER BY customer_id', [accountId])).map((r) => r.customer_id);
  const lastEvent = async () => (await m.recorded(accountId)).at(-1)!;

  it('starts allocated to all customers', async () => {
    expect((await m.call('GET', `/api/email-accounts/${accountId}`, { as: admin })).body.allocation).toEqual({ kind: 'all' });
  });

  it('saves Selected Customers, then a Customer Group replaces them entirely, then No Customers, then All', async () => {
    const selected = await allocate({ kind: 'selected', customerIds: [globex, acme, acme] });
    expect(selected).toMatchObject({ status: 200, body: { allocation: { kind: 'selected', customerIds: [acme, globex].sort() } } });
    expect(await selectedRows()).toEqual([acme, globex].sort());
    expect(await lastEvent()).toMatchObject({ type: 'email_account.updated', version: selected.body.version, data: { allocation: { kind: 'selected', customerIds: [acme, globex].sort() } } });

    const byGroup = await allocate({ kind: 'group', groupId: group });
    expect(byGroup.body.allocation).toEqual({ kind: 'group', groupId: group });
    expect(await selectedRows()).toEqual([]);
    expect(await lastEvent()).toMatchObject({ version: selected.body.version + 1, data: { allocation: { kind: 'group', groupId: group } } });

    expect((await allocate({ kind: 'none' })).body.allocation).toEqual({ kind: 'none' });
    expect((await m.query('SELECT allocation_group_id FROM email_accounts WHERE id = $1', [accountId]))[0]).toEqual({ allocation_group_id: null });
    expect((await allocate({ kind: 'all' })).body.allocation).toEqual({ kind: 'all' });
    expect((await lastEvent()).data.allocation).toEqual({ kind: 'all' });
  });

  describe('refuses, changing nothing', () => {
    const cases: Array<[string, () => unknown, string]> = [
      ['an unknown kind', () => ({ kind: 'some' }), '/kind'],
      ['a group that does not exist', () => ({ kind: 'group', groupId: randomUUID() }), '/groupId'],
      ['a group without its id', () => ({ kind: 'group' }), '/'],
      ['a customer that does not exist among the selected', () => ({ kind: 'selected', customerIds: [acme, randomUUID()] }), '/customerIds/1'],
      ['Selected Customers with none selected', () => ({ kind: 'selected', customerIds: [] }), '/customerIds'],
      ['an id that is not one', () => ({ kind: 'selected', customerIds: ['acme'] }), '/customerIds/0'],
    ];
    it.each(cases)('%s', async (_name, body, pointer) => {
      await allocate({ kind: 'selected', customerIds: [globex] });
      const before = [await selectedRows(), (await m.recorded(accountId)).length];
      const response = await allocate(body());
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors)).toContain(`"pointer":"${pointer}"`);
      expect([await selectedRows(), (await m.recorded(accountId)).length]).toEqual(before);
    });

    it('an account that does not exist: 404', async () => {
      expect((await m.call('PUT', `/api/email-accounts/${randomUUID()}/allocation`, { as: admin, body: { kind: 'all' } })).status).toBe(404);
    });
  });

  describe('the customer search of Selected Customers', () => {
    it('needs at least three consecutive characters', async () => {
      for (const q of ['', 'ac', '  a ', '%']) {
        const response = await m.call('GET', `/api/email-accounts/customer-search?q=${encodeURIComponent(q)}`, { as: admin });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/q', message: expect.stringMatching(/at least 3 characters/) }] } });
      }
      expect((await m.call('GET', '/api/email-accounts/customer-search', { as: admin })).status).toBe(400);
    });

    it('matches any three consecutive characters of a name, in any case, and takes wildcards literally', async () => {
      const names = async (q: string) => (await m.call('GET', `/api/email-accounts/customer-search?q=${encodeURIComponent(q)}`, { as: admin })).body.items.map((c: { name: string }) => c.name);
      expect(await names('CME')).toEqual(['Acme Corporation']);
      expect(await names('por')).toEqual(['Acme Corporation']);
      expect(await names('00%')).toEqual(['Globex 100% Ltd']);
      expect(await names('%%%')).toEqual([]);
      expect(await names('x_y')).toEqual([]);
    });

    it('finds a customer under its new name once renamed', async () => {
      await m.publish(customerUpdatedV1, { id: globex, version: 2 }, { customerId: globex, name: 'Initech', portalTicketVisibility: 'own', groupId: null });
      await waitFor(async () => (await m.query('SELECT 1 FROM customers WHERE id = $1 AND version = 2', [globex])).length > 0, { what: 'rename applied' });
      const response = await m.call('GET', '/api/email-accounts/customer-search?q=nite', { as: admin });
      expect(response.body.items).toEqual([{ id: globex, name: 'Initech' }]);
    });
  });
});
