import { linkKeysFrom, type contactLoginEnabledV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { GatewayConfig } from '../config.js';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { issueInvitation } from '../domain/issue-invitation.js';

export function onContactLoginEnabled(
  event: Envelope<EventData<typeof contactLoginEnabledV1>>,
  tx: Tx,
  { config }: ServiceContext<GatewayConfig, GatewayDatabase>,
): Promise<void> {
  return issueInvitation(tx, { linkKeys: linkKeysFrom(config), ttlHours: config.INVITATION_TTL_HOURS }, event.data, event.aggregate.version);
}
