import { portalInvitationAcceptedV1 } from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import type { CustomersConfig } from '../config.js';
import type { CustomersDatabase, Tx } from '../persistence/client.js';
import { onPortalInvitationAccepted } from './on-portal-invitation-accepted.js';

/** Everything the customers service consumes. */
export const subscriptions: EventHandler<Tx, CustomersConfig, CustomersDatabase>[] = [on(portalInvitationAcceptedV1, onPortalInvitationAccepted)];
