import { timingSafeEqual } from 'node:crypto';
import { hashLinkToken, portalInvitationAcceptedV1, type LinkKeys } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { findContactAccount, lockContactAccount, lockInvitation, markInvitationUsed, updateContactAccount } from '../persistence/contact-account.repository.js';
import { voidOpenResets } from '../persistence/password-reset.repository.js';
import { lockPortalEnabled, portalEnabled } from '../persistence/customer-app.repository.js';
import { LinkExpiredError, LinkUsedError, LinkVoidError, PortalDisabledError, UnknownLinkError } from './errors.js';
import { verifiedLinkId } from './link-tokens.js';
import { hashPassword } from './passwords.js';
import { assertAcceptablePassword } from './password-policy.js';

/** Locks the invitation a token names and checks it can still be used; throws the reason otherwise. */
async function usableInvitation(tx: Tx, invitationId: string, token: string) {
  const invitation = await lockInvitation(tx, invitationId);
  if (!invitation || !timingSafeEqual(Buffer.from(hashLinkToken(token)), Buffer.from(invitation.tokenHash))) {
    throw new UnknownLinkError('invitation');
  }
  if (invitation.usedAt) throw new LinkUsedError('invitation');
  if (invitation.voidedAt) throw new LinkVoidError('invitation');
  if (invitation.expiresAt.getTime() <= Date.now()) throw new LinkExpiredError('invitation', invitation.expiresAt);
  const account = await findContactAccount(tx, invitation.contactId);
  if (!account || account.status !== 'invited' || account.customerId !== invitation.customerId) throw new LinkVoidError('invitation');
  return { invitation, account };
}

/**
 * The contact opens the link and sets a password: the invitation is used up and the portal login
 * becomes active for the customer the invitation was for. Every refusal changes nothing: while no
 * portal app is enabled the link is refused (403) before it is looked at, and stays usable until it
 * expires, so enabling the portal again brings it back.
 */
export async function acceptInvitation(db: GatewayDatabase, linkKeys: LinkKeys, token: string, password: string): Promise<{ email: string }> {
  if (!(await portalEnabled(db.pool))) throw new PortalDisabledError();
  const invitationId = verifiedLinkId(linkKeys, 'invitation', token);
  const { account } = await db.transaction((tx) => usableInvitation(tx, invitationId, token));
  assertAcceptablePassword(password, account.email);
  // Hashing takes tens of milliseconds, so not under the invitation's lock; the transaction below
  // checks the invitation again, and a link used in the meantime is refused.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Switched off meanwhile? The share lock makes a switch-off wait for this acceptance, or this for it.
    if (!(await lockPortalEnabled(tx))) throw new PortalDisabledError();
    // The account first, then the invitation: the order in which a revocation locks them.
    await lockContactAccount(tx, account.contactId);
    const { invitation } = await usableInvitation(tx, invitationId, token);
    const activated = await updateContactAccount(tx, invitation.contactId, {
      customerId: invitation.customerId,
      passwordHash,
      status: 'active',
      activatedAt: new Date(),
      tokenVersion: { increment: 1 },
    });
    await markInvitationUsed(tx, invitation.id);
    // A reset link sent to an earlier login of this contact is not one for this login.
    await voidOpenResets(tx, 'contact', invitation.contactId);
    await recordEvent(tx, 'gateway', portalInvitationAcceptedV1, { id: activated.contactId, version: activated.version }, {
      invitationId: invitation.id,
      contactId: invitation.contactId,
      customerId: invitation.customerId,
      contactVersion: invitation.contactVersion,
      // Where the notifier sends the account-created notice (the account's details as of now).
      ...(activated.email && { email: activated.email }),
      ...(activated.firstName && { firstName: activated.firstName }),
      ...(activated.lastName && { lastName: activated.lastName }),
    });
    return { email: account.email };
  });
}
