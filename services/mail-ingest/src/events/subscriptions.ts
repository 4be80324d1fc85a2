import {
  customerCreatedV1,
  customerGroupCreatedV1,
  customerGroupDeletedV1,
  customerGroupUpdatedV1,
  customerUpdatedV1,
  teamCreatedV1,
  teamDeletedV1,
  teamUpdatedV1,
} from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import { applyTeamDeleted, applyTeamSnapshot } from '@helpdesk/team-access';
import type { MailIngestConfig } from '../config.js';
import type { MailIngestDatabase, Tx } from '../persistence/client.js';
import { saveCustomer, saveCustomerGroup } from '../persistence/projections.repository.js';

/**
 * What mail-ingest keeps of others: customers and their group (the customer search and the check of
 * an allocation), customer groups (an allocation names an existing one) and teams (who reaches every
 * customer, and so may manage accounts). What the tickets service made of each announced email comes
 * in groups (on-inbound-email-filed.ts).
 */
export const subscriptions: EventHandler<Tx, MailIngestConfig, MailIngestDatabase>[] = [
  on(customerCreatedV1, (event, tx) => saveCustomer(tx, { id: event.data.customerId, name: event.data.name, groupId: event.data.groupId }, event.aggregate.version)),
  on(customerUpdatedV1, (event, tx) => saveCustomer(tx, { id: event.data.customerId, name: event.data.name, groupId: event.data.groupId }, event.aggregate.version)),
  on(customerGroupCreatedV1, (event, tx) => saveCustomerGroup(tx, { id: event.data.groupId, name: event.data.name, deleted: false }, event.aggregate.version)),
  on(customerGroupUpdatedV1, (event, tx) => saveCustomerGroup(tx, { id: event.data.groupId, name: event.data.name, deleted: false }, event.aggregate.version)),
  on(customerGroupDeletedV1, (event, tx) => saveCustomerGroup(tx, { id: event.data.groupId, name: null, deleted: true }, event.aggregate.version)),
  on(teamCreatedV1, applyTeamSnapshot),
  on(teamUpdatedV1, applyTeamSnapshot),
  on(teamDeletedV1, applyTeamDeleted),
];
