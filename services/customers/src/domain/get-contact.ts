import type { CustomersDatabase } from '../persistence/client.js';
import type { Contact } from '../persistence/contact.repository.js';
import { requireContact } from './contact.js';
import type { CustomerAccess } from './customer-access.js';

/** Deactivated contacts too: they stay readable for the history. */
export function getContact(db: CustomersDatabase, access: CustomerAccess, id: string): Promise<Contact> {
  return requireContact(db.client, id, access);
}
