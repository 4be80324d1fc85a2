import { linkKeysFrom, type contactLoginEnabledV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { GatewayConfig } from '../config.js';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { issueInvitation } from '../domain/issue-invitation.js';

export async function onContactLoginEnabled(
  event: Envelope<EventData<typeof contactLoginEnabledV1>>,
  tx: Tx,
  { config, log }: ServiceContext<GatewayConfig, GatewayDatabase>,
): Promise<void> {
  const outcome = await issueInvitation(tx, { linkKeys: linkKeysFrom(config), ttlHours: config.INVITATION_TTL_HOURS }, event.data, event.aggregate.version);
  if (outcome === 'portal_disabled') {
    log.info({ contactId: event.data.contactId, contactVersion: event.aggregate.version }, 'login enabled while the customer portal is switched off: no invitation issued');
  }
}
