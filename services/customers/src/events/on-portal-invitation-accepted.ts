import type { Envelope, EventData, portalInvitationAcceptedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { activatePortalAccess } from '../domain/activate-portal-access.js';

export function onPortalInvitationAccepted(event: Envelope<EventData<typeof portalInvitationAcceptedV1>>, tx: Tx): Promise<void> {
  return activatePortalAccess(tx, event.data);
}
