import type { Tx } from '../persistence/client.js';
import { revokeAccount } from '../persistence/contact-account.repository.js';

/**
 * Ends a contact's portal access at once: open links void, issued tokens refused, password gone.
 * Remembering when (even for a contact without an account yet) lets a late enable-login be ignored.
 */
export function revokePortalAccess(tx: Tx, contactId: string, at: Date): Promise<void> {
  return revokeAccount(tx, contactId, at);
}
