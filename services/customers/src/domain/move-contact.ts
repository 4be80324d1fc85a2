import { contactCustomerChangedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateActiveContact, type Contact } from '../persistence/contact.repository.js';
import { fullName, requireActiveContact } from './contact.js';
import { requireCustomer } from './customer.js';
import { ContactAlreadyAtCustomerError, ContactChangedMeanwhileError, PortalAccessWouldEndError } from './errors.js';
import { removeFromNotificationGroups } from './notification-group.js';

export interface ContactMove {
  customerId: string;
  /** A contact with portal access loses it on the move; the caller must confirm that. */
  confirmPortalAccessEnd?: boolean;
}

/**
 * Moves a contact to another customer. Their portal access is revoked at the gateway first and
 * synchronously: should the move fail after that, the contact is left without access, which is
 * the safe side; the other order could leave a moved contact seeing the old customer's tickets.
 */
export async function moveContact(db: CustomersDatabase, gateway: GatewayClient, id: string, move: ContactMove): Promise<Contact> {
  const current = await requireActiveContact(db.client, id);
  const target = await requireCustomer(db.client, move.customerId);
  if (current.customerId === target.id) throw new ContactAlreadyAtCustomerError(fullName(current), target.name);
  if (current.portalState !== 'none') {
    if (move.confirmPortalAccessEnd !== true) throw new PortalAccessWouldEndError(fullName(current), target.name);
    await gateway.revokePortalAccess(id);
  }
  return db.transaction(async (tx) => {
    const contact = await updateActiveContact(
      tx,
      id,
      { customerId: current.customerId, portalState: current.portalState },
      { customerId: target.id, portalState: 'none' },
    );
    if (!contact) throw new ContactChangedMeanwhileError(fullName(current));
    await removeFromNotificationGroups(tx, current);
    await recordEvent(tx, 'customers', contactCustomerChangedV1, { contactId: id, fromCustomerId: current.customerId, toCustomerId: target.id });
    return contact;
  });
}
