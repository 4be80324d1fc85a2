import { randomUUID } from 'node:crypto';
import { admin, startCustomers, type Customers } from './helpers';

describe('customer email domains and contacts by email (issue 11 §6)', () => {
  let c: Customers;

  beforeAll(async () => {
    c = await startCustomers();
  });
  afterAll(() => c?.stop());

  const byEmail = (customerId: string, body: unknown, caller = 'tickets') => c.internal(caller, 'PUT', `/internal/customers/${customerId}/contacts/by-email`, body);
  const domain = () => `${randomUUID().slice(0, 8)}.example`;

  describe('emailDomains', () => {
    it('are stored normalised (lower case, deduplicated) and carried on customer.created', async () => {
      const d = domain();
      const customer = await c.createCustomer({ emailDomains: [` ${d.toUpperCase()} `, d, `mail.${d}.`] });
      expect(customer.emailDomains).toEqual([d, `mail.${d}`]);
      expect((await c.ok('GET', `/api/customers/${customer.id}`)).emailDomains).toEqual([d, `mail.${d}`]);
      await c.waitForEvent('customer.created', { customerId: customer.id, emailDomains: [d, `mail.${d}`] });
    });

    it('default to none', async () => {
      const customer = await c.createCustomer();
      expect(customer.emailDomains).toEqual([]);
      await c.waitForEvent('customer.created', { customerId: customer.id, emailDomains: [] });
    });

    it('are replaced by an update, which customer.updated carries; the same list again changes nothing', async () => {
      const customer = await c.createCustomer({ emailDomains: [domain()] });
      const d = domain();
      const updated = await c.ok('PATCH', `/api/customers/${customer.id}`, { emailDomains: [d] });
      expect(updated.emailDomains).toEqual([d]);
      await c.waitForEvent('customer.updated', { customerId: customer.id, emailDomains: [d] });
      const before = await c.snapshot();
      await c.ok('PATCH', `/api/customers/${customer.id}`, { emailDomains: [d.toUpperCase()] });
      expect(await c.snapshot()).toBe(before);
    });

    it('refuses a list with anything that is no domain with a 400 naming each, and changes nothing', async () => {
      const customer = await c.createCustomer({ emailDomains: ['keep.example'] });
      const before = await c.snapshot();
      const response = await c.api(admin, 'PATCH', `/api/customers/${customer.id}`, { emailDomains: ['ok.example', 'anna@acme.example', 'localhost', '-x.example'] });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/emailDomains/1', '/emailDomains/2', '/emailDomains/3']);
      expect(await c.snapshot()).toBe(before);
      const tooMany = await c.api(admin, 'POST', '/api/customers', { name: c.unique('Customer'), emailDomains: Array.from({ length: 101 }, (_, i) => `d${i}.example`) });
      expect(tooMany.status).toBe(400);
      const notAList = await c.api(admin, 'POST', '/api/customers', { name: c.unique('Customer'), emailDomains: 'acme.example' });
      expect(notAList.status).toBe(400);
    });
  });

  describe('PUT /internal/customers/{id}/contacts/by-email', () => {
    it('adds a contact named after the display name, once: asking again answers the same contact and emits nothing more', async () => {
      const d = domain();
      const customer = await c.createCustomer({ emailDomains: [d] });
      const email = `mara.klein@${d}`;
      const first = await byEmail(customer.id, { email: `Mara.Klein@${d.toUpperCase()}`, name: 'Mara Klein' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ customerId: customer.id, email, firstName: 'Mara', lastName: 'Klein', active: true });
      await c.waitForEvent('contact.added', { contactId: first.body.id, customerId: customer.id, email });
      const before = await c.snapshot();
      const again = await byEmail(customer.id, { email, name: 'Someone Else' });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.firstName).toBe('Mara');
      expect(await c.snapshot()).toBe(before);
    });

    it('gives one contact to concurrent calls for the same address', async () => {
      const customer = await c.createCustomer();
      const email = `race@${domain()}`;
      const answers = await Promise.all(Array.from({ length: 8 }, () => byEmail(customer.id, { email, name: null })));
      expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await c.rows('SELECT id FROM contacts WHERE email = $1', [email])).toHaveLength(1);
      expect(answers[0]!.body).toMatchObject({ firstName: 'race', lastName: 'race' });
    });

    it('refuses an address of another customer\'s active contact (409), an unknown customer (404), bad input (400)', async () => {
      const owner = await c.createCustomer();
      const other = await c.createCustomer();
      const held = await c.addContact(owner.id);
      const before = await c.snapshot();
      expect((await byEmail(other.id, { email: held.email, name: 'X Y' })).status).toBe(409);
      expect((await byEmail(randomUUID(), { email: `a@${domain()}` })).status).toBe(404);
      expect((await byEmail(other.id, { email: 'not an address' })).status).toBe(400);
      expect((await byEmail('nope', { email: `a@${domain()}` })).status).toBe(400);
      expect(await c.snapshot()).toBe(before);
    });

    it('answers the tickets service only', async () => {
      const customer = await c.createCustomer();
      const before = await c.snapshot();
      expect((await byEmail(customer.id, { email: `a@${domain()}` }, 'notifier')).status).toBe(403);
      expect(await c.snapshot()).toBe(before);
    });
  });
});
