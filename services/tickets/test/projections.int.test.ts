import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerCreatedV1,
  customerUpdatedV1,
  type AggregateVersion,
} from '@helpdesk/contracts-schema';
import { waitFor } from '@helpdesk/testing';
import { startTickets, type TicketsTestService } from './helpers';

/**
 * The customers and contacts the tickets service keeps from the customers service's events: the
 * newest state by the aggregate's version, whatever order the events arrive in.
 */
describe('projections', () => {
  let t: TicketsTestService;

  beforeAll(async () => {
    t = await startTickets();
  });
  afterAll(() => t?.stop());

  const customerRow = async (id: string) => (await t.query('SELECT name, portal_ticket_visibility FROM customers WHERE id = $1', [id]))[0];
  const contactRow = async (id: string) =>
    (await t.query('SELECT customer_id, first_name, last_name, email, active FROM contacts WHERE id = $1', [id]))[0];

  describe('on customer.created and customer.updated', () => {
    it('keeps the name and the portal ticket visibility of the highest version', async () => {
      const customerId = randomUUID();
      const at = (version: number) => ({ id: customerId, version });
      await t.projected('customers', await t.publish(customerCreatedV1, at(1), { customerId, name: 'Emma Watson Ltd', portalTicketVisibility: 'own', groupId: null }));
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson Ltd', portal_ticket_visibility: 'own' });

      await t.projected('customers', await t.publish(customerUpdatedV1, at(3), { customerId, name: 'Emma Watson plc', portalTicketVisibility: 'customer', groupId: null }));
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson plc', portal_ticket_visibility: 'customer' });

      // An older change delivered late (a relay that backed off, another instance's relay) does not undo the newer one.
      const late = await t.publish(customerUpdatedV1, at(2), { customerId, name: 'Emma Watson (old)', portalTicketVisibility: 'own', groupId: null });
      await waitForProcessed(late.id);
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson plc', portal_ticket_visibility: 'customer' });
    });

    it('keeps an update that arrives before the creation', async () => {
      const customerId = randomUUID();
      await t.projected('customers', await t.publish(customerUpdatedV1, { id: customerId, version: 2 }, { customerId, name: 'Renamed', portalTicketVisibility: 'customer', groupId: null }));
      const created = await t.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: 'First name', portalTicketVisibility: 'own', groupId: null });
      await waitForProcessed(created.id);
      expect(await customerRow(customerId)).toEqual({ name: 'Renamed', portal_ticket_visibility: 'customer' });
    });
  });

  describe('customers\' email domains', () => {
    const domainsOf = async (id: string) => (await t.query<{ d: string[] }>('SELECT email_domains AS d FROM customers WHERE id = $1', [id]))[0]!.d;

    it('keeps the domains of the newest event; one that predates them (no emailDomains) leaves them as they are', async () => {
      const customerId = randomUUID();
      const at = (version: number) => ({ id: customerId, version });
      const base = { customerId, name: 'Acme', portalTicketVisibility: 'own' as const, groupId: null };
      await t.projected('customers', await t.publish(customerCreatedV1, at(1), { ...base, emailDomains: ['acme.example'] }));
      expect(await domainsOf(customerId)).toEqual(['acme.example']);
      await t.projected('customers', await t.publish(customerUpdatedV1, at(2), { ...base, name: 'Acme Corp' }));
      expect(await domainsOf(customerId)).toEqual(['acme.example']);
      await t.projected('customers', await t.publish(customerUpdatedV1, at(3), { ...base, emailDomains: ['acme.example', 'ACME-mail.example'] }));
      expect(await domainsOf(customerId)).toEqual(['acme.example', 'acme-mail.example']);
      const late = await t.publish(customerUpdatedV1, at(2), { ...base, emailDomains: [] });
      await waitForProcessed(late.id);
      expect(await domainsOf(customerId)).toEqual(['acme.example', 'acme-mail.example']);
      await t.projected('customers', await t.publish(customerUpdatedV1, at(4), { ...base, emailDomains: [] }));
      expect(await domainsOf(customerId)).toEqual([]);
    });
  });

  describe('on contact events', () => {
    it('follows a contact through added, updated, moved and deactivated', async () => {
      const contactId = randomUUID();
      const at = (version: number) => ({ id: contactId, version });
      const [from, to] = [randomUUID(), randomUUID()];
      await t.publish(contactAddedV1, at(1), { contactId, customerId: from, firstName: 'Harry', lastName: 'Porter', email: 'Harry@Customer.example' });
      await t.projected('contacts', await t.publish(contactUpdatedV1, at(2), { contactId, customerId: from, firstName: 'Harry', lastName: 'Potter', email: 'harry@customer.example' }));
      expect(await contactRow(contactId)).toEqual({ customer_id: from, first_name: 'Harry', last_name: 'Potter', email: 'harry@customer.example', active: true });

      await t.projected('contacts', await t.publish(contactCustomerChangedV1, at(3), { contactId, fromCustomerId: from, toCustomerId: to }));
      expect(await contactRow(contactId)).toMatchObject({ customer_id: to, last_name: 'Potter', active: true });

      await t.projected('contacts', await t.publish(contactDeactivatedV1, at(4), { contactId, customerId: to }));
      expect(await contactRow(contactId)).toMatchObject({ customer_id: to, active: false });

      // The update from before the move, delivered again late, changes nothing.
      const late = await t.publish(contactUpdatedV1, at(2), { contactId, customerId: from, firstName: 'Harry', lastName: 'Old', email: 'old@customer.example' });
      await waitForProcessed(late.id);
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: 'Harry', last_name: 'Potter', email: 'harry@customer.example', active: false });
    });

    it('keeps a move that arrives before the contact itself, and takes the names from the older contact.added', async () => {
      const contactId = randomUUID();
      const [from, to] = [randomUUID(), randomUUID()];
      await t.projected('contacts', await t.publish(contactCustomerChangedV1, { id: contactId, version: 2 }, { contactId, fromCustomerId: from, toCustomerId: to }));
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: null, last_name: null, email: null, active: true });
      const added = await t.publish(contactAddedV1, { id: contactId, version: 1 }, { contactId, customerId: from, firstName: 'Ginny', lastName: 'Weasley', email: 'ginny@customer.example' });
      await waitForProcessed(added.id);
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: 'Ginny', last_name: 'Weasley', email: 'ginny@customer.example', active: true });
    });

    it('ends in the same state whatever order one contact’s events arrive in', async () => {
      const [from, to] = [randomUUID(), randomUUID()];
      // Versions 1..5: added, renamed, moved, renamed at the new customer, deactivated.
      const history = (contactId: string): Array<(at: AggregateVersion) => Promise<{ id: string }>> => [
        (at) => t.publish(contactAddedV1, at, { contactId, customerId: from, firstName: 'Luna', lastName: 'Lovegood', email: 'luna@customer.example' }),
        (at) => t.publish(contactUpdatedV1, at, { contactId, customerId: from, firstName: 'Luna', lastName: 'Scamander', email: 'luna@customer.example' }),
        (at) => t.publish(contactCustomerChangedV1, at, { contactId, fromCustomerId: from, toCustomerId: to }),
        (at) => t.publish(contactUpdatedV1, at, { contactId, customerId: to, firstName: 'Luna', lastName: 'Scamander', email: 'luna.s@customer.example' }),
        (at) => t.publish(contactDeactivatedV1, at, { contactId, customerId: to }),
      ];
      const orders = [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
        [3, 1, 5, 2, 4],
        [4, 3, 1, 2, 5],
        [2, 5, 1, 4, 3],
      ];
      const contacts = orders.map(() => randomUUID());
      const published: string[] = [];
      for (const [i, order] of orders.entries()) {
        const events = history(contacts[i]!);
        for (const version of order) published.push((await events[version - 1]!({ id: contacts[i]!, version })).id);
      }
      for (const id of published) await waitForProcessed(id);
      for (const contactId of contacts) {
        expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: 'Luna', last_name: 'Scamander', email: 'luna.s@customer.example', active: false });
      }
    });
  });

  function waitForProcessed(eventId: string) {
    return waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length > 0, { what: `event ${eventId}` });
  }
});
