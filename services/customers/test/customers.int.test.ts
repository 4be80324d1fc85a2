import { randomUUID } from 'node:crypto';
import { admin, startCustomers, type Customers } from './helpers';

describe('customers', () => {
  let c: Customers;
  const outboxSize = async () => Number((await c.rows('SELECT count(*) AS n FROM outbox'))[0]!.n);

  beforeAll(async () => {
    c = await startCustomers();
  });
  afterAll(() => c?.stop());

  describe('POST /api/customers', () => {
    it('creates a customer with the defaults and emits customer.created', async () => {
      const name = `Emma Watson ${randomUUID().slice(0, 8)} Ltd`;
      const created = await c.api(admin, 'POST', '/api/customers', { name: `  ${name} ` });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/customers/${created.body.id}`);
      expect(created.body).toMatchObject({ name, groupId: null, portalTicketVisibility: 'own' });
      await c.waitForEvent('customer.created', { customerId: created.body.id, name, groupId: null, portalTicketVisibility: 'own' });
    });

    it('refuses a name that exists in another case with a 409 naming it', async () => {
      const existing = await c.createCustomer();
      const response = await c.api(admin, 'POST', '/api/customers', { name: existing.name.toUpperCase() });
      expect(response.status).toBe(409);
      expect(response.body.detail).toContain(existing.name.toUpperCase());
    });

    it('creates a customer in a group with the visibility asked for', async () => {
      const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Group') });
      const customer = await c.createCustomer({ groupId: group.id, portalTicketVisibility: 'customer' });
      expect(customer).toMatchObject({ groupId: group.id, portalTicketVisibility: 'customer' });
    });
  });

  describe('GET /api/customers', () => {
    it('pages through every customer in name order, without duplicates or gaps', async () => {
      const tag = randomUUID().slice(0, 8);
      // Created out of order and in mixed case: the list orders by name regardless of case.
      const names = Array.from({ length: 30 }, (_, i) => `${i % 2 ? 'paging' : 'PAGING'} ${tag} ${String((i * 7) % 30).padStart(2, '0')}`);
      const ids = new Map<string, string>();
      for (const name of names) ids.set(name, (await c.createCustomer({ name })).id);

      const seen: Array<{ id: string; name: string }> = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const query: string = `search=${encodeURIComponent(`Paging ${tag}`)}&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await c.ok('GET', `/api/customers?${query}`);
        expect(page.items.length).toBeLessThanOrEqual(7);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages += 1;
      }
      expect(pages).toBe(5);
      expect(seen.map((s) => s.id)).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).map((n) => ids.get(n)));
    });

    it('answers 25 by default and the whole list when it fits one page', async () => {
      // The test above left more than 25 customers.
      const page = await c.ok('GET', '/api/customers');
      expect(page.items.length).toBe(25);
      expect(page.nextCursor).toEqual(expect.any(String));
      const tag = randomUUID().slice(0, 8);
      await c.createCustomer({ name: `Solo ${tag}` });
      expect(await c.ok('GET', `/api/customers?search=solo%20${tag}`)).toMatchObject({ items: [{ name: `Solo ${tag}` }], nextCursor: null });
    });

    it('searches any part of the name in any case, and takes % and _ literally', async () => {
      const tag = randomUUID().slice(0, 8);
      const percent = await c.createCustomer({ name: `Hundred ${tag} 100% Ltd` });
      await c.createCustomer({ name: `Hundred ${tag} 1000 Ltd` });
      const underscore = await c.createCustomer({ name: `Under ${tag} a_b` });
      await c.createCustomer({ name: `Under ${tag} axb` });
      const search = async (text: string) => (await c.ok('GET', `/api/customers?search=${encodeURIComponent(text)}`)).items.map((i: { id: string }) => i.id);
      expect(await search(`${tag} 100%`)).toEqual([percent.id]);
      expect(await search(`${tag.toUpperCase()} A_B`)).toEqual([underscore.id]);
      expect(await search(`zz${tag}`)).toEqual([]);
    });

    it.each([
      ['a limit of 0', 'limit=0'],
      ['a limit over 100', 'limit=101'],
      ['a limit that is not a number', 'limit=ten'],
      ['a cursor it did not issue', 'cursor=bm90LWEtY3Vyc29y'],
      ['an unknown parameter', 'sort=name'],
    ])('answers %s with a 400 problem', async (_case, query) => {
      const response = await c.api(admin, 'GET', `/api/customers?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('GET /api/customers/:id', () => {
    it('shows the customer with its active contacts, locations, areas and notification groups', async () => {
      const customer = await c.createCustomer();
      const harry = await c.addContact(customer.id, { firstName: 'Harry' });
      const gone = await c.addContact(customer.id, { firstName: 'Gone' });
      await c.ok('POST', `/api/contacts/${gone.id}/deactivate`);
      await c.ok('POST', `/api/contacts/${harry.id}/enable-login`);
      const location = await c.ok('POST', `/api/customers/${customer.id}/locations`, { name: 'Head office', address: '1 Studio Lane' });
      const area = await c.ok('POST', `/api/customers/${customer.id}/areas`, { name: 'Accounting' });
      const group = await c.ok('POST', `/api/customers/${customer.id}/notification-groups`, { name: 'IT leads', notifyOn: ['ticket.closed'] });
      await c.ok('PUT', `/api/customers/${customer.id}/notification-groups/${group.id}/members/contact/${harry.id}`);

      const overview = await c.ok('GET', `/api/customers/${customer.id}`);
      expect(overview).toMatchObject({ id: customer.id, name: customer.name });
      expect(overview.contacts).toEqual([expect.objectContaining({ id: harry.id, portalState: 'invited', active: true })]);
      expect(overview.locations).toEqual([location]);
      expect(overview.areas).toEqual([area]);
      expect(overview.notificationGroups).toEqual([expect.objectContaining({ id: group.id, notifyOn: ['ticket.closed'], members: [{ kind: 'contact', id: harry.id }] })]);
    });

    it('answers 404 for an unknown customer and 400 for a malformed id', async () => {
      expect((await c.api(admin, 'GET', `/api/customers/${randomUUID()}`)).status).toBe(404);
      expect((await c.api(admin, 'GET', '/api/customers/not-a-uuid')).status).toBe(400);
    });
  });

  describe('PATCH /api/customers/:id', () => {
    it('changes the name, the visibility and the group, and emits customer.updated with the new state', async () => {
      const customer = await c.createCustomer();
      const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Group') });
      const name = c.unique('Renamed');
      const updated = await c.ok('PATCH', `/api/customers/${customer.id}`, { name, portalTicketVisibility: 'customer', groupId: group.id });
      expect(updated).toMatchObject({ id: customer.id, name, portalTicketVisibility: 'customer', groupId: group.id });
      await c.waitForEvent('customer.updated', { customerId: customer.id, name, portalTicketVisibility: 'customer', groupId: group.id });

      const ungrouped = await c.ok('PATCH', `/api/customers/${customer.id}`, { groupId: null });
      expect(ungrouped.groupId).toBeNull();
    });

    it('may change only the case of its own name', async () => {
      const customer = await c.createCustomer();
      expect((await c.ok('PATCH', `/api/customers/${customer.id}`, { name: customer.name.toUpperCase() })).name).toBe(customer.name.toUpperCase());
    });

    it('writes nothing and emits nothing for a change that changes nothing', async () => {
      const customer = await c.createCustomer();
      const before = await c.snapshot();
      expect(await c.ok('PATCH', `/api/customers/${customer.id}`, { name: customer.name, portalTicketVisibility: 'own' })).toEqual(customer);
      expect(await c.snapshot()).toBe(before);
    });
  });

  describe('customer groups', () => {
    it('creates, lists and renames a group, with customer_group.created and customer_group.updated', async () => {
      const created = await c.api(admin, 'POST', '/api/customer-groups', { name: c.unique('Key accounts') });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/customer-groups/${created.body.id}`);
      await c.waitForEvent('customer_group.created', { groupId: created.body.id, name: created.body.name });

      const name = c.unique('Strategic accounts');
      expect(await c.ok('PATCH', `/api/customer-groups/${created.body.id}`, { name })).toMatchObject({ id: created.body.id, name });
      await c.waitForEvent('customer_group.updated', { groupId: created.body.id, name });
      expect((await c.ok('GET', '/api/customer-groups')).items).toContainEqual(expect.objectContaining({ id: created.body.id, name }));
    });

    it('adds a customer to a group and removes it, each a customer.updated; repeating either changes nothing', async () => {
      const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Group') });
      const other = await c.ok('POST', '/api/customer-groups', { name: c.unique('Other group') });
      const customer = await c.createCustomer();
      const membership = `/api/customer-groups/${group.id}/customers/${customer.id}`;

      expect((await c.api(admin, 'PUT', membership)).status).toBe(204);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).groupId).toBe(group.id);
      await c.waitForEvent('customer.updated', { customerId: customer.id, groupId: group.id });
      const afterAdd = await outboxSize();
      await c.ok('PUT', membership);
      expect(await outboxSize()).toBe(afterAdd);

      // Removing it from a group it is not in leaves its membership alone.
      await c.ok('DELETE', `/api/customer-groups/${other.id}/customers/${customer.id}`);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).groupId).toBe(group.id);
      expect(await outboxSize()).toBe(afterAdd);

      expect((await c.api(admin, 'DELETE', membership)).status).toBe(204);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).groupId).toBeNull();
      await c.waitForEvent('customer.updated', { customerId: customer.id, groupId: null });
      await c.ok('DELETE', membership);
      expect(await outboxSize()).toBe(afterAdd + 1);
    });

    it('moves a customer from one group to another by adding it to the other', async () => {
      const first = await c.ok('POST', '/api/customer-groups', { name: c.unique('First') });
      const second = await c.ok('POST', '/api/customer-groups', { name: c.unique('Second') });
      const customer = await c.createCustomer({ groupId: first.id });
      await c.ok('PUT', `/api/customer-groups/${second.id}/customers/${customer.id}`);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).groupId).toBe(second.id);
    });

    it('deletes a group: its customers leave it first, each with customer.updated, then customer_group.deleted', async () => {
      const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Doomed') });
      const members = [await c.createCustomer({ groupId: group.id }), await c.createCustomer({ groupId: group.id })];
      const bystander = await c.createCustomer();

      expect((await c.api(admin, 'DELETE', `/api/customer-groups/${group.id}`)).status).toBe(204);
      for (const member of members) expect((await c.ok('GET', `/api/customers/${member.id}`)).groupId).toBeNull();
      expect((await c.ok('GET', '/api/customer-groups')).items.map((g: { id: string }) => g.id)).not.toContain(group.id);
      expect((await c.ok('GET', `/api/customers/${bystander.id}`)).groupId).toBeNull();

      const recorded = await c.rows<{ event_type: string; customer: string }>(
        `SELECT event_type, payload->'data'->>'customerId' AS customer FROM outbox
         WHERE id > (SELECT max(id) FROM outbox WHERE event_type = 'customer.created') ORDER BY id`,
      );
      expect(recorded.map((r) => r.event_type)).toEqual(['customer.updated', 'customer.updated', 'customer_group.deleted']);
      expect(recorded.slice(0, 2).map((r) => r.customer).sort()).toEqual(members.map((m) => m.id).sort());
      await c.waitForEvent('customer_group.deleted', { groupId: group.id });
    });
  });
});
