import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerAppCreatedV1,
  customerAppDeletedV1,
  customerAppUpdatedV1,
  customerCreatedV1,
  customerGroupCreatedV1,
  customerGroupDeletedV1,
  customerGroupUpdatedV1,
  customerUpdatedV1,
  emailAccountCreatedV1,
  emailAccountDeletedV1,
  emailAccountUpdatedV1,
  notificationGroupCreatedV1,
  notificationGroupDeletedV1,
  notificationGroupUpdatedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  type Envelope,
} from '@helpdesk/contracts-schema';
import { newTestBusPrefix, queryDatabase, startTestPublisher, startTestService, tearDownTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { groupRecipients } from '../src/domain/notification-groups/fan-out';
import { loadCatalogueRows } from '../src/persistence/automation.repository';
import { loadGroupContext } from '../src/persistence/projections.repository';
import { notifierService } from '../src/service';

/**
 * What the notifier keeps of other services (issue 12 §2), through the real bus: events are published
 * as their producers would, and the tables read back. Each projection keeps the newest version of its
 * aggregate whatever the delivery order; the group loader reads what the fan-out needs in one statement.
 */
describe('the notifier projections', () => {
  const busPrefix = newTestBusPrefix();
  let notifier: Awaited<ReturnType<typeof startTestService<any, any, any>>>;
  let publisher: Awaited<ReturnType<typeof startTestPublisher>>;

  beforeAll(async () => {
    notifier = await startTestService(notifierService, { loadConfig, busPrefix });
    await notifier.bus.waitUntilConnected();
    publisher = await startTestPublisher(busPrefix, 'notifier-projections-test');
  });
  afterAll(() => tearDownTestService(busPrefix, notifier, [publisher]));

  const query = <T extends Record<string, unknown> = Record<string, any>>(sql: string, values: unknown[] = []) => queryDatabase<T>(notifier.databaseUrl, sql, values);

  /** Publishes the events in this order and waits until the notifier has handled every one of them. */
  async function deliver(...events: Array<Promise<Envelope<unknown>>>): Promise<void> {
    const published: Envelope<unknown>[] = [];
    for (const event of events) published.push(await event);
    const ids = published.map((event) => event.id);
    await waitFor(async () => (await query('SELECT 1 FROM processed_events WHERE event_id = ANY($1::uuid[])', [ids])).length === ids.length, {
      what: `${ids.length} events handled`,
      timeoutMs: 30_000,
    });
  }


  function contact(customerId: string, firstName = 'Anna') {
    const contactId = randomUUID();
    return { contactId, customerId, firstName, lastName: 'Berg', email: `${firstName.toLowerCase()}.${contactId.slice(0, 8)}@acme.example` };
  }

  function staffUser(over: Partial<{ name: string; active: boolean; role: 'admin' | 'agent' }> = {}) {
    const userId = randomUUID();
    return { userId, email: `Agent.${userId.slice(0, 8)}@Helpdesk.example`, name: 'Alex Agent', role: 'agent' as const, active: true, createdAt: '2026-11-20T09:00:00.000Z', ...over };
  }

  it('keeps contacts by version: names from added/updated, the customer from any newer event, a late older event changes nothing', async () => {
    const acme = randomUUID();
    const globex = randomUUID();
    const anna = contact(acme);
    // A move (v3) and an update (v2) arrive before the contact was added (v1), in any order among them.
    await deliver(
      publisher.publish(contactCustomerChangedV1, { id: anna.contactId, version: 3 }, { contactId: anna.contactId, fromCustomerId: acme, toCustomerId: globex }),
      publisher.publish(contactUpdatedV1, { id: anna.contactId, version: 2 }, { ...anna, lastName: 'Berg-Ode' }),
    );
    await deliver(publisher.publish(contactAddedV1, { id: anna.contactId, version: 1 }, { ...anna, lastName: 'Stale' }));
    expect(await query('SELECT customer_id, first_name, last_name, email, active, version FROM notifier_contacts WHERE id = $1', [anna.contactId])).toEqual([
      { customer_id: globex, first_name: 'Anna', last_name: 'Berg-Ode', email: anna.email, active: true, version: 3 },
    ]);
    // A deactivation that arrives before the contact itself leaves a marker the contact cannot revive.
    const tom = contact(acme, 'Tom');
    await deliver(
      publisher.publish(contactDeactivatedV1, { id: tom.contactId, version: 2 }, { contactId: tom.contactId, customerId: acme }),
      publisher.publish(contactAddedV1, { id: tom.contactId, version: 1 }, tom),
    );
    expect(await query('SELECT first_name, email, active, version FROM notifier_contacts WHERE id = $1', [tom.contactId])).toEqual([
      { first_name: 'Tom', email: tom.email, active: false, version: 2 },
    ]);
  });

  it('keeps customers and customer groups; a deleted group stays as a marker with its last name', async () => {
    const customerId = randomUUID();
    const groupId = randomUUID();
    await deliver(
      publisher.publish(customerGroupCreatedV1, { id: groupId, version: 1 }, { groupId, name: 'Key accounts' }),
      publisher.publish(customerUpdatedV1, { id: customerId, version: 2 }, { customerId, name: 'Acme AG', portalTicketVisibility: 'own', groupId }),
      publisher.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: 'Acme', portalTicketVisibility: 'own', groupId: null }),
    );
    // The deletion carries no name: the marker keeps the one it had; a late update cannot revive the group.
    await deliver(publisher.publish(customerGroupDeletedV1, { id: groupId, version: 3 }, { groupId }));
    await deliver(publisher.publish(customerGroupUpdatedV1, { id: groupId, version: 2 }, { groupId, name: 'Revived' }));
    expect(await query('SELECT name, group_id, version FROM notifier_customers WHERE id = $1', [customerId])).toEqual([{ name: 'Acme AG', group_id: groupId, version: 2 }]);
    expect(await query('SELECT name, deleted, version FROM notifier_customer_groups WHERE id = $1', [groupId])).toEqual([{ name: 'Key accounts', deleted: true, version: 3 }]);
  });

  it('keeps staff users (address in lower case) and email accounts, newest version winning', async () => {
    const alex = staffUser();
    const accountId = randomUUID();
    const account = { emailAccountId: accountId, name: 'Support', address: 'Support@Helpdesk.example', enabled: true, allocation: { kind: 'all' as const } };
    await deliver(
      publisher.publish(staffUserUpdatedV1, { id: alex.userId, version: 2 }, { ...alex, name: 'Alex Admin', role: 'admin', active: false }),
      publisher.publish(staffUserCreatedV1, { id: alex.userId, version: 1 }, alex),
      publisher.publish(emailAccountCreatedV1, { id: accountId, version: 1 }, account),
      publisher.publish(emailAccountUpdatedV1, { id: accountId, version: 2 }, { ...account, address: 'help@helpdesk.example', enabled: false }),
    );
    expect(await query('SELECT email, name, role, active, created_at, version FROM notifier_staff_users WHERE id = $1', [alex.userId])).toEqual([
      { email: alex.email.toLowerCase(), name: 'Alex Admin', role: 'admin', active: false, created_at: new Date(alex.createdAt), version: 2 },
    ]);
    expect(await query('SELECT address, enabled, deleted FROM notifier_email_accounts WHERE id = $1', [accountId])).toEqual([{ address: 'help@helpdesk.example', enabled: false, deleted: false }]);
    // Deleted, then a late update: the marker keeps the last address, and stays deleted.
    await deliver(publisher.publish(emailAccountDeletedV1, { id: accountId, version: 3 }, { emailAccountId: accountId }));
    await deliver(publisher.publish(emailAccountUpdatedV1, { id: accountId, version: 2 }, { ...account, enabled: true }));
    expect(await query('SELECT address, enabled, deleted, version FROM notifier_email_accounts WHERE id = $1', [accountId])).toEqual([
      { address: 'help@helpdesk.example', enabled: false, deleted: true, version: 3 },
    ]);
  });

  it('says whether a portal exists: none known yes, an enabled one yes, disabled or deleted no; a late event cannot revive a deleted app', async () => {
    // What the catalogue reads (the emails' view of the portal).
    const portalAvailable = async () => (await loadCatalogueRows(notifier.db.client)).portalEnabled;
    expect(await portalAvailable()).toBe(true);
    const appId = randomUUID();
    const app = { appId, kind: 'portal' as const, name: 'Customer portal', enabled: true };
    await deliver(publisher.publish(customerAppCreatedV1, { id: appId, version: 1 }, app));
    expect(await portalAvailable()).toBe(true);
    await deliver(publisher.publish(customerAppUpdatedV1, { id: appId, version: 2 }, { ...app, enabled: false }));
    expect(await portalAvailable()).toBe(false);
    await deliver(
      publisher.publish(customerAppDeletedV1, { id: appId, version: 4 }, { appId, kind: 'portal' }),
      publisher.publish(customerAppUpdatedV1, { id: appId, version: 3 }, { ...app, enabled: true }),
    );
    expect(await query('SELECT kind, enabled, deleted, version FROM notifier_customer_apps WHERE id = $1', [appId])).toEqual([{ kind: 'portal', enabled: false, deleted: true, version: 4 }]);
    expect(await portalAvailable()).toBe(false);
    // A new portal app, enabled: the portal is back.
    const newAppId = randomUUID();
    await deliver(publisher.publish(customerAppCreatedV1, { id: newAppId, version: 1 }, { ...app, appId: newAppId }));
    expect(await portalAvailable()).toBe(true);
  });

  it('keeps notification groups whole, and loads the live groups of some customers with the members who can be emailed, in one statement', async () => {
    const acme = randomUUID();
    const globex = randomUUID();
    const anna = contact(acme, 'Anna');
    const leaving = contact(acme, 'Lea');
    const moved = contact(acme, 'Mo');
    const alex = staffUser();
    const gone = staffUser({ active: false });
    await deliver(
      ...[anna, leaving, moved].map((c) => publisher.publish(contactAddedV1, { id: c.contactId, version: 1 }, c)),
      publisher.publish(contactDeactivatedV1, { id: leaving.contactId, version: 2 }, { contactId: leaving.contactId, customerId: acme }),
      publisher.publish(contactCustomerChangedV1, { id: moved.contactId, version: 2 }, { contactId: moved.contactId, fromCustomerId: acme, toCustomerId: globex }),
      publisher.publish(staffUserCreatedV1, { id: alex.userId, version: 1 }, alex),
      publisher.publish(staffUserCreatedV1, { id: gone.userId, version: 1 }, gone),
    );
    const leads = randomUUID();
    const closers = randomUUID();
    const deleted = randomUUID();
    const otherCustomers = randomUUID();
    const members = [anna, leaving, moved].map((c) => ({ kind: 'contact' as const, id: c.contactId })).concat([alex, gone].map((s) => ({ kind: 'staff' as const, id: s.userId })));
    const group = (id: string, customerId: string, name: string, notifyOn: string[]) => ({ notificationGroupId: id, customerId, name, description: null, notifyOn, members });
    await deliver(
      // Updated (v2) before created (v1): the created one changes nothing.
      publisher.publish(notificationGroupUpdatedV1, { id: leads, version: 2 }, group(leads, acme, 'IT leads', ['ticket.created', 'ticket.status_changed'])),
      publisher.publish(notificationGroupCreatedV1, { id: leads, version: 1 }, { ...group(leads, acme, 'IT', []), members: [] }),
      publisher.publish(notificationGroupCreatedV1, { id: closers, version: 1 }, { ...group(closers, acme, 'Closers', ['ticket.closed']), members: [{ kind: 'contact', id: anna.contactId }] }),
      publisher.publish(notificationGroupCreatedV1, { id: otherCustomers, version: 1 }, group(otherCustomers, globex, 'Globex', ['ticket.created'])),
      // Deleted before it was created, as a late delivery would have it: the created one changes nothing.
      publisher.publish(notificationGroupDeletedV1, { id: deleted, version: 2 }, { notificationGroupId: deleted, customerId: acme }),
      publisher.publish(notificationGroupCreatedV1, { id: deleted, version: 1 }, group(deleted, acme, 'Old', ['ticket.created'])),
    );
    const stored = async (id: string) => (await query('SELECT notify_on, members, deleted, version FROM notifier_notification_groups WHERE id = $1', [id]))[0];
    expect(await stored(leads)).toEqual({ notify_on: ['ticket.created', 'ticket.status_changed'], members, deleted: false, version: 2 });
    expect(await stored(deleted)).toEqual({ notify_on: [], members: [], deleted: true, version: 2 });

    const context = await loadGroupContext(notifier.db.client, [acme]);
    expect(context.groups.map((g) => g.name)).toEqual(['Closers', 'IT leads']);
    expect(context.groups[1]).toEqual({ id: leads, customerId: acme, name: 'IT leads', notifyOn: ['ticket.created', 'ticket.status_changed'], members });
    // The deactivated contact, the one who moved to Globex and the inactive staff user cannot be emailed.
    expect(context.contacts).toEqual([{ id: anna.contactId, customerId: acme, email: anna.email, firstName: 'Anna', lastName: 'Berg' }]);
    expect(context.staff).toEqual([{ id: alex.userId, email: alex.email.toLowerCase(), name: 'Alex Agent' }]);
    expect(await loadGroupContext(notifier.db.client, [])).toEqual({ groups: [], contacts: [], staff: [] });

    // What the fan-out makes of it: a close emails Anna once, as ticket.closed only; Alex gets the status change.
    const { groups, contacts, staff } = context;
    const closing = { customerId: acme, actor: { kind: 'staff', id: randomUUID() } };
    expect(groupRecipients({ ...closing, type: 'ticket.status_changed', to: 'closed' }, groups, contacts, staff)).toEqual([
      { groupId: leads, address: alex.email.toLowerCase(), name: 'Alex Agent', event: 'ticket.status_changed' },
    ]);
    expect(groupRecipients({ ...closing, type: 'ticket.closed' }, groups, contacts, staff)).toEqual([{ groupId: closers, address: anna.email, name: 'Anna Berg', event: 'ticket.closed' }]);
  });
});
