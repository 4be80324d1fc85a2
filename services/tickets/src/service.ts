import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { TicketsConfig } from './config.js';
import { openDatabase, type TicketsDatabase, type Tx } from './persistence/client.js';
import { ticketsRoutes } from './http/tickets.routes.js';

export const ticketsService: ServiceDefinition<TicketsConfig, Tx, TicketsDatabase> = {
  name: 'tickets',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { db }) => {
    app.use(ticketsRoutes(db));
  },
};
