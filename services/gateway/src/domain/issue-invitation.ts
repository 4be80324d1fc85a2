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
import { loginEnabledOutcome, newerDetails } from './contact-order.js';
import { updateContactDetails } from './update-contact-details.js';

export interface InvitationSettings {
  linkKeys: LinkKeys;
  ttlHours: number;
}

/**
 * Login was enabled for the contact at `contactVersion`: a new single-use invitation, and any
 * earlier link of theirs stops working — unless the event is stale or the contact can sign in
 * already (see contact-order.ts). Newer names and email are kept either way.
 */
export async function issueInvitation(tx: Tx, settings: InvitationSettings, contact: ContactDetails, contactVersion: number): Promise<void> {
  const account = await lockContactAccount(tx, contact.contactId);
  const outcome = loginEnabledOutcome(account, contact.customerId, contactVersion);
  if (outcome === 'stale') return updateContactDetails(tx, contact, contactVersion);
  const details = newerDetails(account, contact, contactVersion);
  if (outcome === 'keep') {
    await updateContactAccount(tx, contact.contactId, { ...details, invitedVersion: contactVersion });
    return;
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
}
