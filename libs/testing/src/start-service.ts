import type { SqlExecutor } from '@helpdesk/db';
import type { Logger } from '@helpdesk/logging';
import { runService, type BaseConfig, type RunningService, type ServiceDatabase, type ServiceDefinition } from '@helpdesk/runtime';
import { testEnvironment, testKeys, testSecrets } from './environment.js';
import { deleteBusTopology } from './test-broker.js';
import { dropTestDatabases, newTestDatabaseUrl } from './test-database.js';

export interface TestServiceOptions<Config> {
  loadConfig(env: NodeJS.ProcessEnv): Config;
  busPrefix: string;
  /** Reuse a database (a second instance of the same service); a new one otherwise. */
  databaseUrl?: string;
  env?: Record<string, string | undefined>;
  /** Capture the service's log lines (a test of what is logged). */
  log?: Logger;
}

/**
 * Starts a real service in the test process, on its own database and the test's bus prefix,
 * through the same configuration loading as production.
 */
export async function startTestService<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>>(
  definition: ServiceDefinition<Config, Tx, Db>,
  options: TestServiceOptions<Config>,
): Promise<RunningService<Config, Db> & { databaseUrl: string; dropDatabase(): Promise<void> }> {
  const databaseUrl = options.databaseUrl ?? newTestDatabaseUrl(definition.name);
  const config = options.loadConfig({
    PORT: '0',
    INTERNAL_PORT: '0',
    DATABASE_URL: databaseUrl,
    AMQP_URL: testEnvironment.amqpUrl,
    BUS_PREFIX: options.busPrefix,
    ...testKeys.env(definition.name),
    JWT_SECRET: testSecrets.jwt,
    PORTAL_LINK_SECRET: testSecrets.portalLink,
    EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const service = await runService(definition, config, { log: options.log });
  return Object.assign(service, { databaseUrl, dropDatabase: () => dropTestDatabases([databaseUrl]) });
}

/**
 * Ends what a test started: the helpers that use the service first (publishers), then the service,
 * its database, and its prefix's queues and exchanges (whatever failed before).
 */
export async function tearDownTestService(
  busPrefix: string,
  service: { stop(): Promise<void>; dropDatabase(): Promise<void> },
  helpers: Array<{ stop(): Promise<void> }> = [],
): Promise<void> {
  try {
    for (const helper of helpers) await helper.stop();
    await service.stop();
    await service.dropDatabase();
  } finally {
    await deleteBusTopology(busPrefix);
  }
}
