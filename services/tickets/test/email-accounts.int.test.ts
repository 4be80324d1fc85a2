import { randomUUID } from 'node:crypto';
import { customerCreatedV1, customerUpdatedV1, emailAccountCreatedV1, emailAccountDeletedV1, emailAccountUpdatedV1, type EmailAccountAllocation } from '@helpdesk/contracts-schema';
import { waitFor } from '@helpdesk/testing';
import { portalUser, staff, startTickets, type TicketsTestService } from './helpers';

/**
 * The tickets service's projection of mail-ingest's email accounts (seed 001): the portal's ticket
 * form lists exactly the accounts allocated to the contact's customer, and a ticket (portal or
 * agent) may name only such an account.
 */
describe('email accounts offered to customers', () => {
  let t: TicketsTestService;
  const group = randomUUID();
  let inGroup: string;
  let selected: string;
  let other: string;
  const accounts = { all: randomUUID(), group: randomUUID(), selected: randomUUID(), none: randomUUID(), disabled: randomUUID(), deleted: randomUUID() };

  async function customerIn(groupId: string | null, name = `Customer ${randomUUID().slice(0, 6)}`) {
    const customerId = randomUUID();
    await t.projected('customers', await t.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name, portalTicketVisibility: 'own', groupId }));
    return customerId;
  }

  async function announce(id: string, version: number, allocation: EmailAccountAllocation, enabled = true) {
    const definition = version === 1 ? emailAccountCreatedV1 : emailAccountUpdatedV1;
    await t.publish(definition, { id, version }, { emailAccountId: id, name: `Account ${Object.entries(accounts).find(([, v]) => v === id)?.[0]}`, address: 'support@helpdesk.example', enabled, allocation });
    await waitFor(async () => (await t.query('SELECT 1 FROM email_accounts WHERE id = $1 AND version >= $2', [id, version])).length > 0, { what: `account ${id} at ${version}` });
  }

  beforeAll(async () => {
    t = await startTickets();
    [inGroup, selected, other] = [await customerIn(group), await customerIn(null), await customerIn(null)];
    await announce(accounts.all, 1, { kind: 'all' });
    await announce(accounts.group, 1, { kind: 'group', groupId: group });
    await announce(accounts.selected, 1, { kind: 'selected', customerIds: [selected] });
    await announce(accounts.none, 1, { kind: 'none' });
    await announce(accounts.disabled, 1, { kind: 'all' }, false);
    await announce(accounts.deleted, 1, { kind: 'all' });
    await t.publish(emailAccountDeletedV1, { id: accounts.deleted, version: 2 }, { emailAccountId: accounts.deleted });
    await waitFor(async () => (await t.query('SELECT 1 FROM email_accounts WHERE id = $1 AND deleted', [accounts.deleted])).length > 0, { what: 'deletion applied' });
  });
  afterAll(() => t?.stop());

  const offered = async (customerId: string) => {
    const contact = await t.addContact(customerId);
    const response = await t.call('GET', '/api/portal/email-accounts', { as: portalUser(contact) });
    expect(response.status).toBe(200);
    return response.body.items.map((a: { id: string }) => a.id).sort();
  };

  it('lists to each customer exactly the accounts allocated to it', async () => {
    expect(await offered(inGroup)).toEqual([accounts.all, accounts.group].sort());
    expect(await offered(selected)).toEqual([accounts.all, accounts.selected].sort());
    expect(await offered(other)).toEqual([accounts.all]);
    const contact = await t.addContact(other);
    const [item] = (await t.call('GET', '/api/portal/email-accounts', { as: portalUser(contact) })).body.items;
    expect(item).toEqual({ id: accounts.all, name: 'Account all', address: 'support@helpdesk.example' });
  });

  it('offers All Customers accounts to a customer added after the allocation was saved, and group accounts when it joins the group', async () => {
    const newcomer = await customerIn(null);
    expect(await offered(newcomer)).toEqual([accounts.all]);
    await t.projected('customers', await t.publish(customerUpdatedV1, { id: newcomer, version: 2 }, { customerId: newcomer, name: 'Newcomer', portalTicketVisibility: 'own', groupId: group }));
    expect(await offered(newcomer)).toEqual([accounts.all, accounts.group].sort());
    expect(await offered(await customerIn(group))).toEqual([accounts.all, accounts.group].sort());
  });

  it('a customer projected before groups were kept gets its group from the announcement at the version it has', async () => {
    const upgraded = randomUUID();
    await t.query("INSERT INTO customers (id, name, portal_ticket_visibility, version) VALUES ($1, 'Old customer', 'own', 4)", [upgraded]);
    expect(await offered(upgraded)).toEqual([accounts.all]);
    await t.publish(customerUpdatedV1, { id: upgraded, version: 4 }, { customerId: upgraded, name: 'Old customer', portalTicketVisibility: 'own', groupId: group });
    await waitFor(async () => (await t.query('SELECT 1 FROM customers WHERE id = $1 AND group_id = $2', [upgraded, group])).length > 0, { what: 'the group filled in' });
    expect(await offered(upgraded)).toEqual([accounts.all, accounts.group].sort());
    // An older event still changes nothing.
    const late = await t.publish(customerUpdatedV1, { id: upgraded, version: 3 }, { customerId: upgraded, name: 'Older name', portalTicketVisibility: 'own', groupId: null });
    await waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = $1', [late.id])).length > 0, { what: 'the late event handled' });
    expect((await t.query('SELECT name, group_id FROM customers WHERE id = $1', [upgraded]))[0]).toEqual({ name: 'Old customer', group_id: group });
  });

  it('a new allocation replaces the previous one, and an older event delivered late changes nothing', async () => {
    const account = randomUUID();
    await announce(account, 1, { kind: 'selected', customerIds: [other] });
    expect(await offered(other)).toContain(account);
    await announce(account, 3, { kind: 'group', groupId: group });
    expect(await offered(other)).not.toContain(account);
    expect(await offered(inGroup)).toContain(account);
    // Version 2 (the selection again) arrives after version 3: ignored.
    const late = [
      await t.publish(emailAccountUpdatedV1, { id: account, version: 2 }, { emailAccountId: account, name: 'Late', address: 'late@helpdesk.example', enabled: true, allocation: { kind: 'selected', customerIds: [other] } }),
      // And a creation of the deleted account, delivered after its deletion.
      await t.publish(emailAccountCreatedV1, { id: accounts.deleted, version: 1 }, { emailAccountId: accounts.deleted, name: 'Revived', address: 'x@helpdesk.example', enabled: true, allocation: { kind: 'all' } }),
    ];
    await waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = ANY($1::uuid[])', [late.map((e) => e.id)])).length === 2, { what: 'the late events handled' });
    expect(await offered(other)).not.toContain(account);
    expect(await offered(other)).not.toContain(accounts.deleted);
  });

  describe('a ticket names only an account allocated to its customer', () => {
    const count = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM tickets'))[0]!.n);
    const refusedIds = () => [accounts.group, accounts.none, accounts.disabled, accounts.deleted, randomUUID()];

    it('in the portal: the allocated ones are stored, any other is refused naming the field', async () => {
      const contact = await t.addContact(selected);
      for (const emailAccountId of [accounts.all, accounts.selected]) {
        const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 'Printer', description: 'Offline.', emailAccountId } });
        expect(response.status).toBe(201);
        expect((await t.query('SELECT email_account_id FROM tickets WHERE id = $1', [response.body.id]))[0]).toEqual({ email_account_id: emailAccountId });
      }
      for (const emailAccountId of refusedIds()) {
        const before = await count();
        const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 'Printer', description: 'Offline.', emailAccountId } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/emailAccountId', message: expect.stringMatching(/not an email account offered/) }] } });
        expect(await count()).toBe(before);
      }
    });

    it('for agents: the same rule on the ticket\'s customer; a ticket without a customer takes only an All Customers account', async () => {
      const agent = staff();
      const base = { subject: 'Printer', description: 'Offline.', requesterEmail: 'dana@customer.example' };
      expect((await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: inGroup, emailAccountId: accounts.group } })).status).toBe(201);
      expect((await t.call('POST', '/api/tickets', { as: agent, body: { ...base, emailAccountId: accounts.all } })).status).toBe(201);
      for (const [customerId, emailAccountId] of [[selected, accounts.group], [inGroup, accounts.selected], [undefined, accounts.group], [other, accounts.none]] as const) {
        const before = await count();
        const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, ...(customerId && { customerId }), emailAccountId } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/emailAccountId' }] } });
        expect(await count()).toBe(before);
      }
    });
  });

  it('is for portal contacts only', async () => {
    expect((await t.call('GET', '/api/portal/email-accounts', { as: staff() })).status).toBe(403);
    expect((await t.call('GET', '/api/portal/email-accounts')).status).toBe(401);
  });
});
