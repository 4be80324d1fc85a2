import { teamCreatedV1, teamDeletedV1, teamUpdatedV1 } from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { ContractsConfig } from '../config.js';
import type { ContractsDatabase, Tx } from '../persistence/client.js';

/** Everything the contracts service consumes: the teams through which staff reach customers (and their contracts and tickets). */
export const subscriptions: EventHandler<Tx, ContractsConfig, ContractsDatabase>[] = [
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
];
