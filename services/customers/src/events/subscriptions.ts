import {
  customerAppCreatedV1,
  customerAppDeletedV1,
  customerAppUpdatedV1,
  portalInvitationAcceptedV1,
  systemEmailUpdatedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { CustomersConfig } from '../config.js';
import type { CustomersDatabase, Tx } from '../persistence/client.js';
import { onCustomerAppCreated } from './on-customer-app-created.js';
import { onCustomerAppDeleted } from './on-customer-app-deleted.js';
import { onCustomerAppUpdated } from './on-customer-app-updated.js';
import { onPortalInvitationAccepted } from './on-portal-invitation-accepted.js';
import { onSystemEmailUpdated } from './on-system-email-updated.js';

/**
 * Everything the customers service consumes: portal acceptances; the teams through which staff reach
 * customers; the customer apps and the invitation email's switch, which decide whether a contact is
 * invited when created and whether Enable Login may go ahead (domain/portal-settings.ts).
 */
export const subscriptions: EventHandler<Tx, CustomersConfig, CustomersDatabase>[] = [
  on(portalInvitationAcceptedV1, onPortalInvitationAccepted),
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
  on(customerAppCreatedV1, onCustomerAppCreated),
  on(customerAppUpdatedV1, onCustomerAppUpdated),
  on(customerAppDeletedV1, onCustomerAppDeleted),
  on(systemEmailUpdatedV1, onSystemEmailUpdated),
];
