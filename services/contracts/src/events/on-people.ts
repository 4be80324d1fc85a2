import type {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  customerCreatedV1,
  Envelope,
  EventData,
  staffUserCreatedV1,
} from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { deactivateContact, moveContact, saveContact, saveCustomer, saveStaffUser } from '../persistence/people.repository.js';

// The people a contract names, kept from their producers' events (customers, gateway): who may be
// named on a contract, and who on one needs replacing (domain/contracts/get-contract.ts).

/** customer.created / customer.updated (whole state). */
export function onCustomer(event: Envelope<EventData<typeof customerCreatedV1>>, tx: Tx): Promise<void> {
  return saveCustomer(tx, { id: event.data.customerId, name: event.data.name }, event.aggregate.version);
}

/** contact.added / contact.updated (names, address and customer). */
export function onContactSnapshot(event: Envelope<EventData<typeof contactAddedV1>>, tx: Tx): Promise<void> {
  const { contactId, ...contact } = event.data;
  return saveContact(tx, contactId, contact, event.aggregate.version);
}

/** contact.customer_changed: the contact no longer fits their old customer's contracts. */
export function onContactMoved(event: Envelope<EventData<typeof contactCustomerChangedV1>>, tx: Tx): Promise<void> {
  return moveContact(tx, event.data.contactId, event.data.toCustomerId, event.aggregate.version);
}

export function onContactDeactivated(event: Envelope<EventData<typeof contactDeactivatedV1>>, tx: Tx): Promise<void> {
  return deactivateContact(tx, event.data.contactId, event.data.customerId, event.aggregate.version);
}

/** staff_user.created / staff_user.updated (whole state, a deactivation included). */
export function onStaffUser(event: Envelope<EventData<typeof staffUserCreatedV1>>, tx: Tx): Promise<void> {
  const { userId, name, email, active } = event.data;
  return saveStaffUser(tx, { id: userId, name, email, active }, event.aggregate.version);
}
