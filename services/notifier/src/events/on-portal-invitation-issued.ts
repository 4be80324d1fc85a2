import type { Envelope, EventData, portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { invitationEmail } from '../domain/invite-to-portal.js';

export function onPortalInvitationIssued(
  event: Envelope<EventData<typeof portalInvitationIssuedV1>>,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): NewOutgoingEmail[] {
  return [invitationEmail(event.id, event.data, { portalUrl: config.PORTAL_URL, linkSecret: config.PORTAL_LINK_SECRET }, config.MAIL_FROM)];
}
