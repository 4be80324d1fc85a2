import type { Tx } from './client.js';
import type { ContactAccount, PortalInvitation } from './generated/client.js';

export type { ContactAccount, PortalInvitation };

export function findContactAccount(tx: Tx, contactId: string): Promise<ContactAccount | null> {
  return tx.contactAccount.findUnique({ where: { contactId } });
}

export function findActiveAccountByEmail(tx: Tx, email: string): Promise<ContactAccount | null> {
  return tx.contactAccount.findFirst({ where: { email: email.toLowerCase(), status: 'active' } });
}

export interface ContactDetails {
  contactId: string;
  customerId: string;
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * Creates the account of an invited contact, or marks an existing one invited for its current
 * customer — unless access was ended after `enabledAt`: a stale enable-login (delivered after the
 * move or deactivation that followed it) must not reopen anything. Returns whether it applied.
 */
export async function markInvited(tx: Tx, contact: ContactDetails, enabledAt: Date): Promise<boolean> {
  const details = { ...contact, email: contact.email.toLowerCase(), detailsAt: enabledAt, invitedAt: enabledAt };
  await tx.contactAccount.createMany({ data: [{ ...details, status: 'invited' }], skipDuplicates: true });
  const { count } = await tx.contactAccount.updateMany({
    where: { contactId: contact.contactId, OR: [{ revokedAt: null }, { revokedAt: { lte: enabledAt } }] },
    data: { ...details, status: 'invited' },
  });
  return count > 0;
}

/** Applies a name or email change unless a newer one was applied already. */
export async function updateContactDetails(tx: Tx, contact: ContactDetails, changedAt: Date): Promise<void> {
  await tx.contactAccount.updateMany({
    where: { contactId: contact.contactId, customerId: contact.customerId, OR: [{ detailsAt: null }, { detailsAt: { lte: changedAt } }] },
    data: { email: contact.email.toLowerCase(), firstName: contact.firstName, lastName: contact.lastName, detailsAt: changedAt },
  });
}

export async function activateAccount(tx: Tx, contactId: string, customerId: string, passwordHash: string): Promise<void> {
  await tx.contactAccount.update({
    where: { contactId },
    data: { customerId, passwordHash, status: 'active', activatedAt: new Date(), tokenVersion: { increment: 1 } },
  });
}

/**
 * Ends portal access: every token carries the old version and stops working; the password goes.
 * `at` is when the access ended (the time of the move or deactivation); it only ever moves forward.
 */
export async function revokeAccount(tx: Tx, contactId: string, at: Date): Promise<void> {
  // A move or deactivation older than the latest enable-login (delivered late) must not undo it.
  const applied = await tx.$executeRawUnsafe(
    `INSERT INTO contact_accounts (contact_id, customer_id, email, first_name, last_name, status, revoked_at, updated_at)
     VALUES ($1::uuid, '00000000-0000-0000-0000-000000000000', '', '', '', 'none', $2, now())
     ON CONFLICT (contact_id) DO UPDATE SET status = 'none', password_hash = NULL, token_version = contact_accounts.token_version + 1,
       revoked_at = GREATEST(COALESCE(contact_accounts.revoked_at, $2), $2), updated_at = now()
     WHERE contact_accounts.invited_at IS NULL OR contact_accounts.invited_at <= $2`,
    contactId,
    at,
  );
  if (applied > 0) await voidOpenInvitations(tx, contactId);
}

export async function voidOpenInvitations(tx: Tx, contactId: string): Promise<void> {
  await tx.portalInvitation.updateMany({ where: { contactId, usedAt: null, voidedAt: null }, data: { voidedAt: new Date() } });
}

export function insertInvitation(
  tx: Tx,
  invitation: { id: string; contactId: string; customerId: string; tokenHash: string; expiresAt: Date },
): Promise<PortalInvitation> {
  return tx.portalInvitation.create({ data: invitation });
}

/** Locks the invitation for the rest of the transaction, so a link cannot be used twice at once. */
export async function lockInvitation(tx: Tx, id: string): Promise<PortalInvitation | undefined> {
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>('SELECT id FROM portal_invitations WHERE id = $1::uuid FOR UPDATE', id);
  if (rows.length === 0) return undefined;
  return (await tx.portalInvitation.findUnique({ where: { id } })) ?? undefined;
}

export async function markInvitationUsed(tx: Tx, id: string): Promise<void> {
  await tx.portalInvitation.update({ where: { id }, data: { usedAt: new Date() } });
}
