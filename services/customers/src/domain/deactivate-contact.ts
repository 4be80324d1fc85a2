import { contactDeactivatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import type { Contact } from '../persistence/contact.repository.js';
import { commitContactLeaving, requireActiveContact } from './contact.js';
import type { CustomerAccess } from './customer-access.js';

/**
 * Keeps the contact for the history, frees its email for a new active contact, and ends its portal
 * access: revoked at the gateway first, for the same reason as a move (see move-contact.ts).
 */
export async function deactivateContact(db: CustomersDatabase, gateway: GatewayClient, access: CustomerAccess, id: string): Promise<Contact> {
  const current = await requireActiveContact(db.client, id, access);
  if (current.portalState !== 'none') await gateway.revokePortalAccess(id, current.version + 1);
  return db.transaction(async (tx) => {
    const contact = await commitContactLeaving(tx, current, { active: false, deactivatedAt: new Date() });
    await recordEvent(tx, 'customers', contactDeactivatedV1, contact, { contactId: id, customerId: current.customerId });
    return contact;
  });
}
