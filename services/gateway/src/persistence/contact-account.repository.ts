import type { Pool, Tx } from './client.js';
import { sessionRevokedColumn } from './revoked-session.repository.js';
import type { ContactAccount, PortalInvitation } from './generated/client.js';

export type { ContactAccount, PortalInvitation };

export function findContactAccount(tx: Tx, contactId: string): Promise<ContactAccount | null> {
  return tx.contactAccount.findUnique({ where: { contactId } });
}

export interface PortalSignIn {
  contactId: string;
  status: string;
  customerId: string;
  tokenVersion: number;
  /** Whether a portal app is enabled: while none is, no portal token is honoured (email-only mode). */
  portalEnabled: boolean;
  /** Whether the token's browser session was ended by signing out. */
  sessionRevoked: boolean;
}

/** What a portal token is checked against on every request, in one statement on the pool (see findStaffAccess). */
export async function findPortalSignIn(pool: Pool, contactId: string, sessionId: string | undefined): Promise<PortalSignIn | undefined> {
  const { rows } = await pool.query<PortalSignIn>(
    `SELECT contact_id::text AS "contactId", status, customer_id::text AS "customerId", token_version AS "tokenVersion",
       EXISTS (SELECT 1 FROM customer_apps p WHERE p.kind = 'portal' AND p.enabled) AS "portalEnabled",
       ${sessionRevokedColumn}
     FROM contact_accounts WHERE contact_id = $1::uuid`,
    [contactId, sessionId ?? null],
  );
  return rows[0];
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
 * The contact's account, locked for the rest of the transaction so that events about one contact
 * are decided one after the other. A contact without one gets an account without access first:
 * an event may arrive before the one that would have created it, and what it says must be kept.
 */
export async function lockContactAccount(tx: Tx, contactId: string): Promise<ContactAccount> {
  await tx.$executeRaw`INSERT INTO contact_accounts (contact_id, customer_id, email, first_name, last_name, updated_at)
    VALUES (${contactId}::uuid, '00000000-0000-0000-0000-000000000000', '', '', '', now())
    ON CONFLICT (contact_id) DO NOTHING`;
  await tx.$queryRaw`SELECT 1 FROM contact_accounts WHERE contact_id = ${contactId}::uuid FOR UPDATE`;
  return tx.contactAccount.findUniqueOrThrow({ where: { contactId } });
}

/** What a change of an account may set; the account's own version is counted up with it. */
export type AccountChanges = Partial<
  Pick<ContactAccount, 'customerId' | 'email' | 'firstName' | 'lastName' | 'status' | 'passwordHash' | 'activatedAt' | 'detailsVersion' | 'invitedVersion' | 'revokedVersion'>
> & { tokenVersion?: { increment: number } };

export function updateContactAccount(tx: Tx, contactId: string, changes: AccountChanges): Promise<ContactAccount> {
  return tx.contactAccount.update({ where: { contactId }, data: { ...changes, version: { increment: 1 } } });
}

export async function voidOpenInvitations(tx: Tx, contactId: string): Promise<void> {
  await tx.portalInvitation.updateMany({ where: { contactId, usedAt: null, voidedAt: null }, data: { voidedAt: new Date() } });
}

export function insertInvitation(
  tx: Tx,
  invitation: { id: string; contactId: string; customerId: string; contactVersion: number; tokenHash: string; expiresAt: Date },
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
