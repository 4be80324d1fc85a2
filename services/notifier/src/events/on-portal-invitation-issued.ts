import { linkKeysFrom, type Envelope, type EventData, type portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { invitationEmail } from '../domain/system-emails/portal-invitation.js';
import type { Catalogue } from '../domain/automations/catalogue.js';
import { systemEmailOf } from '../domain/system-emails/system-email-rendering.js';

export function onPortalInvitationIssued(
  event: Envelope<EventData<typeof portalInvitationIssuedV1>>,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
  catalogue: Catalogue,
): NewOutgoingEmail[] {
  const settings = {
    portalUrl: config.PORTAL_URL,
    portalEnabled: catalogue.portalEnabled,
    companyName: config.HELPDESK_NAME,
    linkKeys: linkKeysFrom(config),
    sender: config.MAIL_FROM,
  };
  return [invitationEmail(event.id, event.data, systemEmailOf(catalogue, 'portal_invitation'), settings)];
}
