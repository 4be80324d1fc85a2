import { portalInvitationAcceptedV1, teamCreatedV1, teamDeletedV1, teamUpdatedV1 } from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { CustomersConfig } from '../config.js';
import type { CustomersDatabase, Tx } from '../persistence/client.js';
import { onPortalInvitationAccepted } from './on-portal-invitation-accepted.js';

/** Everything the customers service consumes: portal acceptances, and the teams through which staff reach customers. */
export const subscriptions: EventHandler<Tx, CustomersConfig, CustomersDatabase>[] = [
  on(portalInvitationAcceptedV1, onPortalInvitationAccepted),
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
];
