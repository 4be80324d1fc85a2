import {
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
  ticketAssignedV1,
  ticketClosedV1,
  ticketCreatedV1,
  ticketReopenedV1,
  ticketStatusChangedV1,
  ticketUpdatedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { ContractsConfig } from '../config.js';
import type { ContractsDatabase, Tx } from '../persistence/client.js';
import { onTicketChanged } from './on-ticket-changed.js';
import { onTicketClosed } from './on-ticket-closed.js';
import { onTicketCreated } from './on-ticket-created.js';

/** Everything the contracts service consumes: the teams through which staff reach customers (and their contracts and tickets); the tickets time is logged on. */
export const subscriptions: EventHandler<Tx, ContractsConfig, ContractsDatabase>[] = [
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
  on(ticketCreatedV1, onTicketCreated),
  on(ticketUpdatedV1, onTicketChanged),
  on(ticketStatusChangedV1, onTicketChanged),
  on(ticketAssignedV1, onTicketChanged),
  on(ticketReopenedV1, onTicketChanged),
  on(ticketClosedV1, onTicketClosed),
];
