import path from 'node:path';
import { signerOf } from '@helpdesk/http';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { CustomersConfig } from './config.js';
import { openDatabase, type CustomersDatabase, type Tx } from './persistence/client.js';
import { gatewayClient } from './clients/gateway.js';
import { subscriptions } from './events/subscriptions.js';
import { contactsRoutes } from './http/contacts.routes.js';
import { customerGroupsRoutes } from './http/customer-groups.routes.js';
import { customersRoutes } from './http/customers.routes.js';
import { customersApi } from './http/api-description.js';
import { internalRoutes } from './http/internal.routes.js';
import { notificationGroupsRoutes } from './http/notification-groups.routes.js';
import { orgElementsRoutes } from './http/org-elements.routes.js';
import { portalRoutes } from './http/portal.routes.js';

export const customersService: ServiceDefinition<CustomersConfig, Tx, CustomersDatabase> = {
  name: 'customers',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { config, db, keys }) => {
    const gateway = gatewayClient(config.GATEWAY_INTERNAL_URL, signerOf(keys));
    app.use(
      customersRoutes(db),
      customerGroupsRoutes(db),
      contactsRoutes(db, gateway),
      orgElementsRoutes(db),
      notificationGroupsRoutes(db),
      portalRoutes(db),
    );
  },
  apiDescription: customersApi,
  mountInternalRoutes: (app, { db }) => app.use(internalRoutes(db)),
  subscriptions,
};
