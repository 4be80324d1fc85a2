import type { GatewayDatabase } from '../persistence/client.js';
import { lockContactAccount, updateContactAccount } from '../persistence/contact-account.repository.js';

/** Ends every portal token of the contact at its next request, on every gateway (the token version is in each). */
export async function signOutContactEverywhere(db: GatewayDatabase, contactId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockContactAccount(tx, contactId);
    await updateContactAccount(tx, contactId, { tokenVersion: { increment: 1 } });
  });
}
