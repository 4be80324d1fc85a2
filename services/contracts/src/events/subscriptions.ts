import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactUpdatedV1,
  customerCreatedV1,
  customerUpdatedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
  ticketClosedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { ContractsConfig } from '../config.js';
import type { ContractsDatabase, Tx } from '../persistence/client.js';
import { onContactDeactivated, onContactMoved, onContactSnapshot, onCustomer, onStaffUser } from './on-people.js';
import { onTicketClosed } from './on-ticket-closed.js';

/**
 * Everything the contracts service consumes: the teams through which staff reach customers (and their
 * contracts and tickets); the customers, contacts and staff users a contract names; the tickets time is logged
 * on: their closing here, their other events a group at a time (ticketEventGroups).
 */
export const subscriptions: EventHandler<Tx, ContractsConfig, ContractsDatabase>[] = [
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
  on(customerCreatedV1, onCustomer),
  on(customerUpdatedV1, onCustomer),
  on(contactAddedV1, onContactSnapshot),
  on(contactUpdatedV1, onContactSnapshot),
  on(contactCustomerChangedV1, onContactMoved),
  on(contactDeactivatedV1, onContactDeactivated),
  on(staffUserCreatedV1, onStaffUser),
  on(staffUserUpdatedV1, onStaffUser),
  on(ticketClosedV1, onTicketClosed),
];
