import type { Tx } from '../persistence/client.js';
import { revokeAccount } from '../persistence/contact-account.repository.js';

/** Ends a contact's portal access at once: open links void, issued tokens refused, password gone. */
export function revokePortalAccess(tx: Tx, contactId: string): Promise<void> {
  return revokeAccount(tx, contactId);
}
