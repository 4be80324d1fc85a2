import { randomUUID } from 'node:crypto';
import { hashLinkToken, linkToken, portalInvitationIssuedV1, type LinkKeys } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import {
  insertInvitation,
  lockContactAccount,
  updateContactAccount,
  voidOpenInvitations,
  type ContactDetails,
} from '../persistence/contact-account.repository.js';
import { lockPortalEnabled } from '../persistence/customer-app.repository.js';
import { loginEnabledOutcome, newerDetails } from './contact-order.js';
import { updateContactDetails } from './update-contact-details.js';

export interface InvitationSettings {
  linkKeys: LinkKeys;
  ttlHours: number;
}

/** What an enable-login did: `portal_disabled` issued nothing because no portal app is enabled. */
export type InvitationOutcome = 'invited' | 'kept' | 'stale' | 'portal_disabled';

/**
 * Login was enabled for the contact at `contactVersion`: a new single-use invitation, and any
 * earlier link of theirs stops working — unless the event is stale or the contact can sign in
 * already (see contact-order.ts). Newer names and email are kept either way. While no portal app is
 * enabled (email-only mode) nothing is issued and earlier links stay as they are: the account keeps
 * its `invitedVersion`, so nothing is lost (enabling login again once the portal is back invites).
 */
export async function issueInvitation(tx: Tx, settings: InvitationSettings, contact: ContactDetails, contactVersion: number): Promise<InvitationOutcome> {
  // Before the account, as an acceptance locks them: a switch-off waits for this invitation, or this sees it.
  const portalOpen = await lockPortalEnabled(tx);
  const account = await lockContactAccount(tx, contact.contactId);
  const outcome = loginEnabledOutcome(account, contact.customerId, contactVersion);
  if (outcome === 'stale') {
    await updateContactDetails(tx, contact, contactVersion);
    return 'stale';
  }
  const details = newerDetails(account, contact, contactVersion);
  if (outcome === 'keep') {
    await updateContactAccount(tx, contact.contactId, { ...details, invitedVersion: contactVersion });
    return 'kept';
  }
  if (!portalOpen) {
    await updateContactDetails(tx, contact, contactVersion);
    return 'portal_disabled';
  }
  const invited = await updateContactAccount(tx, contact.contactId, { ...details, customerId: contact.customerId, status: 'invited', invitedVersion: contactVersion });
  await voidOpenInvitations(tx, contact.contactId);
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + settings.ttlHours * 3600 * 1000);
  await insertInvitation(tx, {
    id,
    contactId: contact.contactId,
    customerId: contact.customerId,
    contactVersion,
    tokenHash: hashLinkToken(linkToken(settings.linkKeys, 'invitation', id)),
    expiresAt,
  });
  await recordEvent(tx, 'gateway', portalInvitationIssuedV1, { id: invited.contactId, version: invited.version }, {
    invitationId: id,
    contactId: contact.contactId,
    customerId: contact.customerId,
    email: invited.email,
    firstName: invited.firstName,
    lastName: invited.lastName,
    expiresAt: expiresAt.toISOString(),
    keyId: settings.linkKeys.current.id,
  });
  return 'invited';
}
