import { randomUUID } from 'node:crypto';
import { startCustomers, type Customers } from './helpers';

/**
 * Every entity of this service counts its version up with each change, and each event carries the
 * entity it is about at the version its change made: what consumers order the events by.
 */
describe('aggregate versions in the events', () => {
  let c: Customers;

  beforeAll(async () => {
    // Contacts are created without a portal login here (issue 12 invites them at creation; see portal-settings.int.test.ts).
    c = await startCustomers({ invitationEmail: false });
  });
  afterAll(() => c?.stop());

  /** The aggregate of every event recorded about `id`, in the order the changes were made. */
  async function aggregatesOf(id: string) {
    const rows = await c.rows<{ event_type: string; aggregate: { type: string; id: string; version: number } }>(
      "SELECT event_type, payload->'aggregate' AS aggregate FROM outbox WHERE payload->'aggregate'->>'id' = $1 ORDER BY id",
      [id],
    );
    return rows.map((row) => `${row.event_type} ${row.aggregate.type} v${row.aggregate.version}`);
  }

  it('customers and customer groups; a group deletion updates its customers first, and is the version after its last change', async () => {
    const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Group') });
    const customer = await c.createCustomer({ groupId: group.id });
    await c.ok('PATCH', `/api/customers/${customer.id}`, { portalTicketVisibility: 'customer' });
    await c.ok('PATCH', `/api/customers/${customer.id}`, { portalTicketVisibility: 'customer' }); // no change: no version, no event
    await c.ok('PATCH', `/api/customer-groups/${group.id}`, { name: c.unique('Renamed group') });
    await c.ok('DELETE', `/api/customer-groups/${group.id}`);
    expect(await aggregatesOf(customer.id)).toEqual(['customer.created customer v1', 'customer.updated customer v2', 'customer.updated customer v3']);
    expect(await aggregatesOf(group.id)).toEqual([
      'customer_group.created customer_group v1',
      'customer_group.updated customer_group v2',
      'customer_group.deleted customer_group v3',
    ]);
  });

  it('locations, areas and notification groups, whose members count as changes of the group', async () => {
    const customer = await c.createCustomer();
    const base = `/api/customers/${customer.id}`;
    const location = await c.ok('POST', `${base}/locations`, { name: 'Head office' });
    await c.ok('PATCH', `${base}/locations/${location.id}`, { name: 'Main office' });
    await c.ok('DELETE', `${base}/locations/${location.id}`);
    expect(await aggregatesOf(location.id)).toEqual(['location.added location v1', 'location.updated location v2', 'location.removed location v3']);
    const area = await c.ok('POST', `${base}/areas`, { name: 'Accounting' });
    await c.ok('DELETE', `${base}/areas/${area.id}`);
    expect(await aggregatesOf(area.id)).toEqual(['area.added area v1', 'area.removed area v2']);

    const contact = await c.addContact(customer.id);
    const group = await c.ok('POST', `${base}/notification-groups`, { name: 'Leads', notifyOn: [] });
    const groupPath = `${base}/notification-groups/${group.id}`;
    await c.ok('PATCH', groupPath, { description: 'The leads' });
    await c.ok('PUT', `${groupPath}/members/contact/${contact.id}`);
    await c.ok('PUT', `${groupPath}/members/staff/${randomUUID()}`);
    await c.ok('POST', `/api/contacts/${contact.id}/deactivate`); // leaves the group
    await c.ok('DELETE', groupPath);
    expect(await aggregatesOf(group.id)).toEqual([
      'notification_group.created notification_group v1',
      ...[2, 3, 4, 5].map((v) => `notification_group.updated notification_group v${v}`),
      'notification_group.deleted notification_group v6',
    ]);
  });

  it('contacts: each change, the portal state included, counts up; the events carry the version their change made', async () => {
    const [from, to] = [await c.createCustomer(), await c.createCustomer()];
    const contact = await c.addContact(from.id);
    await c.ok('PATCH', `/api/contacts/${contact.id}`, { lastName: 'Potter' });
    await c.ok('POST', `/api/contacts/${contact.id}/enable-login`);
    await c.acceptInvitation(contact.id, from.id); // active: a change without an event of this service
    await c.ok('POST', `/api/contacts/${contact.id}/move`, { customerId: to.id, confirmPortalAccessEnd: true });
    await c.ok('POST', `/api/contacts/${contact.id}/deactivate`);
    expect(await aggregatesOf(contact.id)).toEqual([
      'contact.added contact v1',
      'contact.updated contact v2',
      'contact.login_enabled contact v3',
      'contact.customer_changed contact v5',
      'contact.deactivated contact v6',
    ]);
  });
});
