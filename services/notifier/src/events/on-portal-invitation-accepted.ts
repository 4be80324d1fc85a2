import type { Envelope, EventData, portalInvitationAcceptedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { accountCreatedEmail } from '../domain/system-emails/account-created.js';
import type { Catalogue } from '../domain/automations/catalogue.js';
import { systemEmailOf } from '../domain/system-emails/system-email-rendering.js';

/** The account-created notice; an acceptance recorded before events named the address sends nothing (and says so in the log). */
export function onPortalInvitationAccepted(
  event: Envelope<EventData<typeof portalInvitationAcceptedV1>>,
  { config, log }: ServiceContext<NotifierConfig, NotifierDatabase>,
  catalogue: Catalogue,
): NewOutgoingEmail[] {
  const settings = { portalUrl: config.PORTAL_URL, portalEnabled: catalogue.portalEnabled, companyName: config.HELPDESK_NAME, sender: config.MAIL_FROM };
  const email = accountCreatedEmail(event.id, event.data, systemEmailOf(catalogue, 'portal_account_created'), settings);
  if (!email) log.warn({ eventId: event.id, contactId: event.data.contactId }, 'portal_invitation.accepted names no address: no account-created email');
  return email ? [email] : [];
}
