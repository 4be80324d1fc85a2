import type { CustomersDatabase } from '../persistence/client.js';
import { findCustomerContact, type Contact } from '../persistence/contact.repository.js';
import type { Customer } from '../persistence/customer.repository.js';
import { ContactNotFoundError } from './errors.js';
import { requireCustomer } from './customer.js';

/** The signed-in portal contact and their customer, both taken from the principal, never from the request. */
export async function getPortalProfile(db: CustomersDatabase, customerId: string, contactId: string): Promise<{ contact: Contact; customer: Customer }> {
  const contact = await findCustomerContact(db.client, customerId, contactId);
  if (!contact?.active) throw new ContactNotFoundError(contactId);
  return { contact, customer: await requireCustomer(db.client, customerId) };
}
