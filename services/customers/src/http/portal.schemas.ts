import type { Contact } from '../persistence/contact.repository.js';
import type { Customer } from '../persistence/customer.repository.js';

/** The signed-in contact, with the customer they belong to. */
export function portalProfileResponse({ contact, customer }: { contact: Contact; customer: Customer }) {
  return {
    id: contact.id,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    customer: { id: customer.id, name: customer.name },
  };
}
