import type { Tx } from '../persistence/client.js';
import { lockContactAccount, updateContactAccount, voidOpenInvitations } from '../persistence/contact-account.repository.js';
import { voidOpenResets } from '../persistence/password-reset.repository.js';
import { revocationApplies } from './contact-order.js';

/**
 * Ends a contact's portal access at once, as of `contactVersion` (the version of the move or
 * deactivation): open invitation and reset links void, issued tokens refused, password gone — unless an enable-login of
 * that version or newer was applied already. Remembering the version (even for a contact without an
 * account yet) lets an older enable-login that arrives later be ignored.
 */
export async function revokePortalAccess(tx: Tx, contactId: string, contactVersion: number): Promise<void> {
  const account = await lockContactAccount(tx, contactId);
  const applies = revocationApplies(account, contactVersion);
  if (!applies && contactVersion <= account.revokedVersion) return;
  await updateContactAccount(tx, contactId, {
    revokedVersion: Math.max(account.revokedVersion, contactVersion),
    ...(applies && { status: 'none', passwordHash: null, tokenVersion: { increment: 1 } }),
  });
  if (applies) {
    await voidOpenInvitations(tx, contactId);
    await voidOpenResets(tx, 'contact', contactId);
  }
}
