import { contactLoginDisabledV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import type { Contact } from '../persistence/contact.repository.js';
import { commitPortalAccessEnd, fullName, requireActiveContact } from './contact.js';
import type { CustomerAccess } from './customer-access.js';
import { PortalLoginNotEnabledError } from './errors.js';

/**
 * Disable Login (seed 002): the contact's portal access ends — a token in hand fails at its next
 * request, open invitations void — and their state goes back to `none`; Enable Login invites them
 * again. Revoked at the gateway first and synchronously, as of the version this change will commit,
 * for the same reason as a move (see move-contact.ts).
 */
export async function disablePortalLogin(db: CustomersDatabase, gateway: GatewayClient, access: CustomerAccess, id: string): Promise<Contact> {
  const current = await requireActiveContact(db.client, id, access);
  if (current.portalState === 'none') throw new PortalLoginNotEnabledError(fullName(current));
  await gateway.revokePortalAccess(id, current.version + 1);
  return db.transaction(async (tx) => {
    const contact = await commitPortalAccessEnd(tx, current);
    await recordEvent(tx, 'customers', contactLoginDisabledV1, contact, { contactId: id, customerId: current.customerId });
    return contact;
  });
}
