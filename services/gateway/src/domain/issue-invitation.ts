import { randomUUID } from 'node:crypto';
import { hashInvitationToken, invitationToken, portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import { insertInvitation, markInvited, voidOpenInvitations, type ContactDetails } from '../persistence/contact-account.repository.js';

export interface InvitationSettings {
  linkSecret: string;
  ttlHours: number;
}

/**
 * A new single-use invitation for a contact; any earlier link of theirs stops working. Nothing
 * happens when the contact's access ended after login was enabled (the event came late).
 */
export async function issueInvitation(tx: Tx, settings: InvitationSettings, contact: ContactDetails, enabledAt: Date): Promise<void> {
  if (!(await markInvited(tx, contact, enabledAt))) return;
  await voidOpenInvitations(tx, contact.contactId);
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + settings.ttlHours * 3600 * 1000);
  await insertInvitation(tx, {
    id,
    contactId: contact.contactId,
    customerId: contact.customerId,
    tokenHash: hashInvitationToken(invitationToken(settings.linkSecret, id)),
    expiresAt,
  });
  await recordEvent(tx, 'gateway', portalInvitationIssuedV1, {
    invitationId: id,
    contactId: contact.contactId,
    customerId: contact.customerId,
    email: contact.email.toLowerCase(),
    firstName: contact.firstName,
    lastName: contact.lastName,
    expiresAt: expiresAt.toISOString(),
  });
}
