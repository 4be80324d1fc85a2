import type { EventData, LinkKeys, portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../../persistence/outgoing-email.repository.js';
import { emailedLink, readableExpiry } from '../emailed-link.js';
import { newMessageId } from '../message-id.js';
import { contactValues, renderSystemEmail, systemEmailNotSentReason, type SystemEmailSettings, type SystemEmailWithTemplate } from './system-email-rendering.js';

type InvitationIssued = EventData<typeof portalInvitationIssuedV1>;

export interface InvitationSettings extends SystemEmailSettings {
  linkKeys: LinkKeys;
  /** MAIL_FROM: the domain of the Message-ID. */
  sender: string;
}

/** Stands for the link in the log of an invitation that was not sent: no usable link is ever stored for it. */
export const withheldLink = '[no link: this invitation was not sent]';

/**
 * The invitation to the customer portal, rendered from the system email's template (HTML and text).
 * Its bodies are blanked once sent, since the link signs the contact up. With the switch off it is
 * logged as not sent (`system_email_off`), rendered without a link.
 */
export function invitationEmail(eventId: string, invitation: InvitationIssued, systemEmail: SystemEmailWithTemplate, settings: InvitationSettings): NewOutgoingEmail {
  // No usable link is ever stored for an invitation that is not sent.
  const link = systemEmail.enabled && settings.portalEnabled
    ? emailedLink(settings.linkKeys, settings.portalUrl, 'invitation', 'invitation', invitation.invitationId, invitation.keyId)
    : withheldLink;
  const rendered = renderSystemEmail(
    systemEmail,
    { contact: contactValues(invitation), invitation: { link, expires_at: readableExpiry(invitation.expiresAt) } },
    settings,
  );
  return {
    messageId: newMessageId(settings.sender),
    kind: 'portal_invitation',
    toAddress: invitation.email,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    causedByEvent: eventId,
    redactAfterSend: true,
    autoSubmitted: 'auto-generated',
    source: 'system_email',
    templateKey: systemEmail.templateKey,
    notSentReason: systemEmailNotSentReason(systemEmail, rendered, settings),
  };
}
