import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerCreatedV1,
  customerUpdatedV1,
} from '@helpdesk/contracts-schema';
import { waitFor } from '@helpdesk/testing';
import { startTickets, type TicketsTestService } from './helpers';

/** The customers and contacts the tickets service keeps from the customers service's events. */
describe('projections', () => {
  let t: TicketsTestService;

  beforeAll(async () => {
    t = await startTickets();
  });
  afterAll(() => t?.stop());

  const customerRow = async (id: string) => (await t.query('SELECT name, portal_ticket_visibility FROM customers WHERE id = $1', [id]))[0];
  const contactRow = async (id: string) =>
    (await t.query('SELECT customer_id, first_name, last_name, email, active FROM contacts WHERE id = $1', [id]))[0];
  const seconds = (n: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, n));

  describe('on customer.created and customer.updated', () => {
    it('keeps the name and the portal ticket visibility of the newest event', async () => {
      const customerId = randomUUID();
      const created = await t.publish(customerCreatedV1, { customerId, name: 'Emma Watson Ltd', portalTicketVisibility: 'own', groupId: null }, seconds(1));
      await t.projected('customers', customerId, created.occurredAt);
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson Ltd', portal_ticket_visibility: 'own' });

      const updated = await t.publish(customerUpdatedV1, { customerId, name: 'Emma Watson plc', portalTicketVisibility: 'customer', groupId: null }, seconds(3));
      await t.projected('customers', customerId, updated.occurredAt);
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson plc', portal_ticket_visibility: 'customer' });

      // An older change delivered late (a redelivery after a failure) does not undo the newer one.
      const late = await t.publish(customerUpdatedV1, { customerId, name: 'Emma Watson (old)', portalTicketVisibility: 'own', groupId: null }, seconds(2));
      await waitForProcessed(late.id);
      expect(await customerRow(customerId)).toEqual({ name: 'Emma Watson plc', portal_ticket_visibility: 'customer' });
    });
  });

  describe('on contact events', () => {
    it('follows a contact through added, updated, moved and deactivated', async () => {
      const contactId = randomUUID();
      const [from, to] = [randomUUID(), randomUUID()];
      const steps = [
        await t.publish(contactAddedV1, { contactId, customerId: from, firstName: 'Harry', lastName: 'Porter', email: 'Harry@Customer.example' }, seconds(1)),
        await t.publish(contactUpdatedV1, { contactId, customerId: from, firstName: 'Harry', lastName: 'Potter', email: 'harry@customer.example' }, seconds(2)),
      ];
      await t.projected('contacts', contactId, steps[1]!.occurredAt);
      expect(await contactRow(contactId)).toEqual({ customer_id: from, first_name: 'Harry', last_name: 'Potter', email: 'harry@customer.example', active: true });

      const moved = await t.publish(contactCustomerChangedV1, { contactId, fromCustomerId: from, toCustomerId: to }, seconds(3));
      await t.projected('contacts', contactId, moved.occurredAt);
      expect(await contactRow(contactId)).toMatchObject({ customer_id: to, last_name: 'Potter', active: true });

      const deactivated = await t.publish(contactDeactivatedV1, { contactId, customerId: to }, seconds(4));
      await t.projected('contacts', contactId, deactivated.occurredAt);
      expect(await contactRow(contactId)).toMatchObject({ customer_id: to, active: false });

      // The update from before the move, delivered again late, changes nothing.
      const late = await t.publish(contactUpdatedV1, { contactId, customerId: from, firstName: 'Harry', lastName: 'Old', email: 'old@customer.example' }, seconds(2));
      await waitForProcessed(late.id);
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: 'Harry', last_name: 'Potter', email: 'harry@customer.example', active: false });
    });

    it('keeps a move that arrives before the contact itself, and takes the names from the older contact.added', async () => {
      const contactId = randomUUID();
      const [from, to] = [randomUUID(), randomUUID()];
      const moved = await t.publish(contactCustomerChangedV1, { contactId, fromCustomerId: from, toCustomerId: to }, seconds(5));
      await t.projected('contacts', contactId, moved.occurredAt);
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: null, last_name: null, email: null, active: true });
      const added = await t.publish(contactAddedV1, { contactId, customerId: from, firstName: 'Ginny', lastName: 'Weasley', email: 'ginny@customer.example' }, seconds(1));
      await waitForProcessed(added.id);
      expect(await contactRow(contactId)).toEqual({ customer_id: to, first_name: 'Ginny', last_name: 'Weasley', email: 'ginny@customer.example', active: true });
    });
  });

  function waitForProcessed(eventId: string) {
    return waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length > 0, { what: `event ${eventId}` });
  }
});
