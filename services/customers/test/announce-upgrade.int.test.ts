import { randomUUID } from 'node:crypto';
import { parseEvent } from '@helpdesk/contracts-schema';
import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { customersService } from '../src/service';

/**
 * Customers and groups that exist when the system is upgraded to issue 11 are announced once by a
 * migration, so that mail-ingest (which allocates email accounts to them) and the tickets service
 * (which offers accounts by a customer's group) know them without waiting for each one to change.
 */
describe('upgrading a customers service that has customers', () => {
  const url = newTestDatabaseUrl('customers-upgrade');
  afterAll(() => dropTestDatabases([url]));

  it('records customer.updated and customer_group.updated at each one\'s current version, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(customersService);
    const upgrade = all.findIndex((m) => m.name === 'customers/0003_announce_customers_and_groups');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    const [group, grouped, alone] = [randomUUID(), randomUUID(), randomUUID()];
    await queryDatabase(url, "INSERT INTO customer_groups (id, name, version, updated_at) VALUES ($1, 'Key accounts', 3, now())", [group]);
    await queryDatabase(url, "INSERT INTO customers (id, name, group_id, portal_ticket_visibility, version, updated_at) VALUES ($1, 'Acme', $2, 'customer', 4, now()), ($3, 'Globex', NULL, 'own', 1, now())", [grouped, group, alone]);

    await migrate(url, all.slice(0, upgrade + 1));
    const rows = await queryDatabase<{ payload: string }>(url, 'SELECT payload::text AS payload FROM outbox');
    const events = rows.map((row) => parseEvent(row.payload));
    const byId = (id: string) => events.find((e) => e.aggregate.id === id)!;
    expect(events).toHaveLength(3);
    expect(byId(group)).toMatchObject({ type: 'customer_group.updated', producer: 'customers', aggregate: { type: 'customer_group', version: 3 }, data: { groupId: group, name: 'Key accounts' } });
    expect(byId(grouped)).toMatchObject({ type: 'customer.updated', aggregate: { type: 'customer', version: 4 }, data: { customerId: grouped, name: 'Acme', portalTicketVisibility: 'customer', groupId: group } });
    expect(byId(alone).data).toEqual({ customerId: alone, name: 'Globex', portalTicketVisibility: 'own', groupId: null });
  });
});

/**
 * Customers and contacts that exist when the system is upgraded to issue 13 are announced once more,
 * for the contracts service: a contract names a customer and an active contact of it.
 */
describe('upgrading a customers service that has contacts', () => {
  const url = newTestDatabaseUrl('customers-upgrade-contacts');
  afterAll(() => dropTestDatabases([url]));

  it('records customer.updated, contact.updated for every contact and contact.deactivated for the deactivated, at their versions, valid by the catalog', async () => {
    await ensureDatabase(url);
    const all = serviceMigrations(customersService);
    const upgrade = all.findIndex((m) => m.name === 'customers/0006_announce_customers_and_contacts');
    expect(upgrade).toBeGreaterThan(0);
    await migrate(url, all.slice(0, upgrade));

    const [customer, active, deactivated] = [randomUUID(), randomUUID(), randomUUID()];
    await queryDatabase(url, "INSERT INTO customers (id, name, portal_ticket_visibility, email_domains, version, updated_at) VALUES ($1, 'Acme', 'own', '{acme.example}', 2, now())", [customer]);
    await queryDatabase(
      url,
      `INSERT INTO contacts (id, customer_id, first_name, last_name, email, active, version, updated_at)
       VALUES ($1, $3, 'Harry', 'Porter', 'harry@acme.example', true, 3, now()), ($2, $3, 'Ron', 'Weasley', 'ron@acme.example', false, 5, now())`,
      [active, deactivated, customer],
    );

    await migrate(url, all);
    const rows = await queryDatabase<{ payload: string }>(url, 'SELECT payload::text AS payload FROM outbox ORDER BY id');
    const events = rows.map((row) => parseEvent(row.payload));
    expect(events.map((e) => [e.type, e.aggregate.id, e.aggregate.version])).toEqual([
      ['customer.updated', customer, 2],
      ['contact.updated', active, 3],
      ['contact.updated', deactivated, 5],
      ['contact.deactivated', deactivated, 5],
    ]);
    expect(events[0]!.data).toEqual({ customerId: customer, name: 'Acme', portalTicketVisibility: 'own', groupId: null, emailDomains: ['acme.example'] });
    expect(events[2]!.data).toEqual({ contactId: deactivated, customerId: customer, firstName: 'Ron', lastName: 'Weasley', email: 'ron@acme.example' });
    expect(events[3]!.data).toEqual({ contactId: deactivated, customerId: customer });
  });
});
