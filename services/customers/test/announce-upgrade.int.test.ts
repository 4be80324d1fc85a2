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

    await migrate(url, all);
    const rows = await queryDatabase<{ payload: string }>(url, 'SELECT payload::text AS payload FROM outbox');
    const events = rows.map((row) => parseEvent(row.payload));
    const byId = (id: string) => events.find((e) => e.aggregate.id === id)!;
    expect(events).toHaveLength(3);
    expect(byId(group)).toMatchObject({ type: 'customer_group.updated', producer: 'customers', aggregate: { type: 'customer_group', version: 3 }, data: { groupId: group, name: 'Key accounts' } });
    expect(byId(grouped)).toMatchObject({ type: 'customer.updated', aggregate: { type: 'customer', version: 4 }, data: { customerId: grouped, name: 'Acme', portalTicketVisibility: 'customer', groupId: group } });
    expect(byId(alone).data).toEqual({ customerId: alone, name: 'Globex', portalTicketVisibility: 'own', groupId: null });
  });
});
