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

/** Creates the account of an invited contact, or marks an existing one invited for its current customer. */
export function markInvited(tx: Tx, contact: ContactDetails): Promise<ContactAccount> {
  const details = { ...contact, email: contact.email.toLowerCase() };
  return tx.contactAccount.upsert({
    where: { contactId: contact.contactId },
    create: { ...details, status: 'invited' },
    update: { ...details, status: 'invited' },
  });
}

export async function updateContactDetails(tx: Tx, contact: ContactDetails): Promise<void> {
  await tx.contactAccount.updateMany({
    where: { contactId: contact.contactId, customerId: contact.customerId },
    data: { email: contact.email.toLowerCase(), firstName: contact.firstName, lastName: contact.lastName },
  });
}

export async function activateAccount(tx: Tx, contactId: string, customerId: string, passwordHash: string): Promise<void> {
  await tx.contactAccount.update({
    where: { contactId },
    data: { customerId, passwordHash, status: 'active', activatedAt: new Date(), tokenVersion: { increment: 1 } },
  });
}

/** Ends portal access: every token carries the old version and stops working; the password goes. */
export async function revokeAccount(tx: Tx, contactId: string): Promise<void> {
  await tx.contactAccount.updateMany({
    where: { contactId },
    data: { status: 'none', passwordHash: null, tokenVersion: { increment: 1 } },
  });
  await voidOpenInvitations(tx, contactId);
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
