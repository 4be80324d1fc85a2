import type { EventData, portalInvitationAcceptedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../../persistence/outgoing-email.repository.js';
import { newMessageId } from '../message-id.js';
import { contactValues, renderSystemEmail, systemEmailNotSentReason, type SystemEmailSettings, type SystemEmailWithTemplate } from './system-email-rendering.js';

type InvitationAccepted = EventData<typeof portalInvitationAcceptedV1>;

/**
 * The notice that the contact's portal account was created, rendered from the system email's
 * template, to the address the acceptance names. Undefined for an acceptance recorded before events
 * carried the address: there is nobody to write to (and no log row: the log holds emails to someone).
 * With the switch off it is logged as not sent (`system_email_off`).
 */
export function accountCreatedEmail(
  eventId: string,
  accepted: InvitationAccepted,
  systemEmail: SystemEmailWithTemplate,
  settings: SystemEmailSettings & { sender: string },
): NewOutgoingEmail | undefined {
  if (accepted.email === undefined) return undefined;
  const rendered = renderSystemEmail(systemEmail, { contact: contactValues({ ...accepted, email: accepted.email }) }, settings);
  return {
    messageId: newMessageId(settings.sender),
    kind: 'portal_account_created',
    toAddress: accepted.email,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    causedByEvent: eventId,
    autoSubmitted: 'auto-generated',
    source: 'system_email',
    templateKey: systemEmail.templateKey,
    notSentReason: systemEmailNotSentReason(systemEmail, rendered, settings),
  };
}
