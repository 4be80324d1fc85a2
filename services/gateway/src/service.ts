import path from 'node:path';
import { pgExecutor } from '@helpdesk/db';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { GatewayConfig } from './config.js';
import { openDatabase, type GatewayDatabase, type Tx } from './persistence/client.js';
import { bootstrapAdministrator } from './domain/bootstrap-admin.js';
import { signerOf } from '@helpdesk/http';
import { internalRoutes } from './http/internal.routes.js';
import { gatewayApi } from './http/api-description.js';
import { mountGatewayRoutes } from './http/routes.js';
import { subscriptions } from './events/subscriptions.js';
import { purgeExpiredThrottles } from './persistence/sign-in-throttle.repository.js';
import { purgeExpiredRevocations } from './persistence/revoked-session.repository.js';

export const gatewayService: ServiceDefinition<GatewayConfig, Tx, GatewayDatabase> = {
  name: 'gateway',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  trustsGatewayAssertion: false,
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  prepare: ({ db, config, log }) => bootstrapAdministrator(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, log),
  mountRoutes: (app, { config, db, keys }) => mountGatewayRoutes(app, config, db, signerOf(keys)),
  mountInternalRoutes: (app, { db }) => app.use(internalRoutes(db)),
  // What /api/openapi.json says of the gateway's own routes (services/gateway/src/http/api-description.ts).
  apiDescription: gatewayApi,
  subscriptions,
  purges: ({ db }) => [
    { what: 'sign-in throttles', purge: (batchSize) => purgeExpiredThrottles(pgExecutor(db.pool), batchSize) },
    { what: 'revoked sessions', purge: (batchSize) => purgeExpiredRevocations(pgExecutor(db.pool), batchSize) },
  ],
};
