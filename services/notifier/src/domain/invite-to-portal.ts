import { invitationToken, type EventData, type portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { newMessageId } from './message-id.js';

type InvitationIssued = EventData<typeof portalInvitationIssuedV1>;

export interface PortalLinks {
  portalUrl: string;
  linkSecret: string;
}

export function invitationLink(links: PortalLinks, invitationId: string): string {
  const url = new URL(`${links.portalUrl.replace(/\/$/, '')}/invitation`);
  url.searchParams.set('token', invitationToken(links.linkSecret, invitationId));
  return url.toString();
}

export function invitationText(invitation: InvitationIssued, link: string): string {
  return [
    `Hello ${invitation.firstName},`,
    '',
    'you have been invited to our customer portal, where you can follow your support tickets and open new ones.',
    '',
    'Choose your password here to accept the invitation:',
    '',
    `    ${link}`,
    '',
    `The link works once and expires on ${invitation.expiresAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}.`,
    'If you did not expect this invitation, you can ignore this email.',
    '',
    'Your support team',
  ].join('\n');
}

/** The invitation; its body is blanked once sent, since the link signs the contact up. */
export function invitationEmail(eventId: string, invitation: InvitationIssued, links: PortalLinks, sender: string): NewOutgoingEmail {
  return {
    messageId: newMessageId(sender),
    kind: 'portal_invitation',
    toAddress: invitation.email,
    subject: 'Your invitation to the customer portal',
    textBody: invitationText(invitation, invitationLink(links, invitation.invitationId)),
    causedByEvent: eventId,
    redactAfterSend: true,
  };
}
