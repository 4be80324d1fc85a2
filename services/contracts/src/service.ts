import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { ContractsConfig } from './config.js';
import { openDatabase, type ContractsDatabase, type Tx } from './persistence/client.js';

export const contractsService: ServiceDefinition<ContractsConfig, Tx, ContractsDatabase> = {
  name: 'contracts',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: () => undefined,
};
