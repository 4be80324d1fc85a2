import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { ContractsConfig } from './config.js';
import { openDatabase, type ContractsDatabase, type Tx } from './persistence/client.js';
import { subscriptions } from './events/subscriptions.js';
import { ticketEventGroups } from './events/ticket-event-groups.js';
import { contractsApi } from './http/api-description.js';
import { contractsRoutes } from './http/contracts.routes.js';
import { portalContractsRoutes } from './http/portal-contracts.routes.js';
import { timeEntriesRoutes } from './http/time-entries.routes.js';

export const contractsService: ServiceDefinition<ContractsConfig, Tx, ContractsDatabase> = {
  name: 'contracts',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { db }) => {
    app.use(contractsRoutes(db), portalContractsRoutes(db), timeEntriesRoutes(db));
  },
  apiDescription: contractsApi,
  subscriptions,
  eventGroups: ticketEventGroups,
};
