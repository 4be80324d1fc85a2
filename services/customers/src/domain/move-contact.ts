import { contactCustomerChangedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import type { Contact } from '../persistence/contact.repository.js';
import { commitContactLeaving, fullName, requireActiveContact } from './contact.js';
import { requireCustomer } from './customer.js';
import { ensureReachableCustomer, type CustomerAccess } from './customer-access.js';
import { ContactAlreadyAtCustomerError, PortalAccessWouldEndError } from './errors.js';

export interface ContactMove {
  customerId: string;
  /** A contact with portal access loses it on the move; the caller must confirm that. */
  confirmPortalAccessEnd?: boolean;
}

/**
 * Moves a contact to another customer. Their portal access is revoked at the gateway first and
 * synchronously, as of the version the move will commit: should the move fail after that, the
 * contact is left without access, which is the safe side (enable-login opens it again, see
 * enable-portal-login.ts); the other order could leave a moved contact seeing the old customer's tickets.
 */
export async function moveContact(db: CustomersDatabase, gateway: GatewayClient, access: CustomerAccess, id: string, move: ContactMove): Promise<Contact> {
  const current = await requireActiveContact(db.client, id, access);
  // Both ends within reach: or a contact could be handed to a customer out of reach.
  ensureReachableCustomer(access, move.customerId);
  const target = await requireCustomer(db.client, move.customerId);
  if (current.customerId === target.id) throw new ContactAlreadyAtCustomerError(fullName(current), target.name);
  if (current.portalState !== 'none') {
    if (move.confirmPortalAccessEnd !== true) throw new PortalAccessWouldEndError(fullName(current), target.name);
    await gateway.revokePortalAccess(id, current.version + 1);
  }
  return db.transaction(async (tx) => {
    const contact = await commitContactLeaving(tx, current, { customerId: target.id });
    await recordEvent(tx, 'customers', contactCustomerChangedV1, contact, { contactId: id, fromCustomerId: current.customerId, toCustomerId: target.id });
    return contact;
  });
}
