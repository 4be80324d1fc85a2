import { linkKeysFrom, type Envelope, type EventData, type portalInvitationIssuedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase, Tx } from '../persistence/client.js';
import { inviteToPortal } from '../domain/invite-to-portal.js';

export function onPortalInvitationIssued(
  event: Envelope<EventData<typeof portalInvitationIssuedV1>>,
  tx: Tx,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): Promise<void> {
  return inviteToPortal(tx, event.id, event.data, { portalUrl: config.PORTAL_URL, linkKeys: linkKeysFrom(config) }, config.MAIL_FROM);
}
