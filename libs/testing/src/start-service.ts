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

/** The settings of a service started by a test: its keys, the test secrets, free ports; `env` adds or overrides. */
export function testServiceEnv(service: string, env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    INTERNAL_PORT: '0',
    AMQP_URL: testEnvironment.amqpUrl,
    ...testKeys.env(service),
    JWT_SECRET: testSecrets.jwt,
    PORTAL_LINK_SECRET: testSecrets.portalLink,
    EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
    OUTBOX_POLL_MS: '200',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  };
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
  const config = options.loadConfig(testServiceEnv(definition.name, { DATABASE_URL: databaseUrl, BUS_PREFIX: options.busPrefix, ...options.env }));
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
