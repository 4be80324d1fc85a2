import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { CustomersConfig } from './config.js';
import { openDatabase, type CustomersDatabase, type Tx } from './persistence/client.js';

export const customersService: ServiceDefinition<CustomersConfig, Tx, CustomersDatabase> = {
  name: 'customers',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: () => undefined,
};
