import type { EventData, LinkKeys, portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { emailedLink, linkEmailText, readableExpiry } from './emailed-link.js';
import { newMessageId } from './message-id.js';

type InvitationIssued = EventData<typeof portalInvitationIssuedV1>;

export interface PortalLinks {
  portalUrl: string;
  linkKeys: LinkKeys;
}

export function invitationText(invitation: InvitationIssued, link: string): string {
  return linkEmailText(
    invitation.firstName,
    ['you have been invited to our customer portal, where you can follow your support tickets and open new ones.', '', 'Choose your password here to accept the invitation:'],
    link,
    [`The link works once and expires on ${readableExpiry(invitation.expiresAt)}.`, 'If you did not expect this invitation, you can ignore this email.'],
  );
}

/** The invitation; its body is blanked once sent, since the link signs the contact up. */
export function invitationEmail(eventId: string, invitation: InvitationIssued, links: PortalLinks, sender: string): NewOutgoingEmail {
  return {
    messageId: newMessageId(sender),
    kind: 'portal_invitation',
    toAddress: invitation.email,
    subject: 'Your invitation to the customer portal',
    textBody: invitationText(invitation, emailedLink(links.linkKeys, links.portalUrl, 'invitation', 'invitation', invitation.invitationId, invitation.keyId)),
    causedByEvent: eventId,
    redactAfterSend: true,
  };
}
