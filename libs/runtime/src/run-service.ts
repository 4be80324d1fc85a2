import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Bus } from '@helpdesk/bus';
import { eventConsumers, type Envelope, type EventDefinition, type EventData } from '@helpdesk/contracts-schema';
import { ensureDatabase, loadMigrations, migrate, type Migration, type ServiceDatabase as DbServiceDatabase, type SqlExecutor } from '@helpdesk/db';
import { isInfrastructureError } from '@helpdesk/errors';
import { createHttpApp, createMetricsRegistry, finishHttpApp, type Registry } from '@helpdesk/http';
import { handleOnce, processedEventsMigrationsDir } from '@helpdesk/idempotent-consumer';
import { createLogger, flushLog, runWithContext, type Logger } from '@helpdesk/logging';
import { OutboxRelay, addedToOutbox, outboxMigrationsDir } from '@helpdesk/outbox';
import type { BaseConfig } from './base-config.js';
import { startRetention } from './retention.js';
import { registerServiceMetrics } from './service-metrics.js';

/** What the plumbing needs of a service's database: libs/db's wrapper of its Prisma client. */
export type ServiceDatabase<Tx extends SqlExecutor> = DbServiceDatabase<Tx, SqlExecutor>;

export interface ServiceContext<Config, Db> {
  config: Config;
  db: Db;
  log: Logger;
  /** The service's Prometheus registry, served at /metrics. */
  metrics: Registry;
}

/** One consumed event: the catalog entry and what to do with it inside the idempotent transaction. */
export interface EventHandler<Tx, Config, Db> {
  event: EventDefinition;
  handle(event: Envelope, tx: Tx, context: ServiceContext<Config, Db>): Promise<void>;
}

export function on<D extends EventDefinition, Tx, Config, Db>(
  event: D,
  handle: (event: Envelope<EventData<D>>, tx: Tx, context: ServiceContext<Config, Db>) => Promise<void>,
): EventHandler<Tx, Config, Db> {
  return { event, handle: handle as EventHandler<Tx, Config, Db>['handle'] };
}

/** Something that runs in the background (a poller, a sender) and stops cleanly. */
export interface Job {
  stop(): Promise<void>;
}

export interface ServiceDefinition<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>> {
  name: string;
  /** The service's migrations folder (Prisma layout: `<name>/migration.sql`). */
  migrationsDir: string;
  /** Tables of libs the service uses beyond the plumbing (e.g. libs/team-access), applied after the plumbing's. */
  libraryMigrations?: Migration[];
  openDatabase(config: Config): Db;
  /** Mounts the service's routes on an app that already has health, correlation ids and the gateway check. */
  mountRoutes(app: Express, context: ServiceContext<Config, Db>): void;
  /** The gateway authenticates users itself and sends no assertion. */
  trustsGatewayAssertion?: boolean;
  /** Runs once the database is migrated, before the service takes requests (seeding, checks). */
  prepare?(context: ServiceContext<Config, Db>): Promise<void>;
  subscriptions?: EventHandler<Tx, Config, Db>[];
  startJobs?(context: ServiceContext<Config, Db>): Job[];
  /** The service's own gauges (context.metrics) and what its /health/ready reports beside the plumbing's state. */
  observe?(context: ServiceContext<Config, Db>): { health?(): Promise<Record<string, unknown>> };
}

export interface RunningService<Config, Db> extends ServiceContext<Config, Db> {
  url: string;
  port: number;
  bus: Bus;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * Starts a service: database (created and migrated), broker connection, outbox relay,
 * subscriptions, jobs and the HTTP server. The same steps, in the same order, for every service.
 */
export async function runService<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>>(
  definition: ServiceDefinition<Config, Tx, Db>,
  config: Config,
  options: { log?: Logger } = {},
): Promise<RunningService<Config, Db>> {
  const log = options.log ?? createLogger({ service: definition.name, level: config.LOG_LEVEL });

  await ensureDatabase(config.DATABASE_URL);
  const applied = await migrate(config.DATABASE_URL, serviceMigrations(definition));
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const subscriptions = definition.subscriptions ?? [];
  checkSubscriptionsDeclared(definition.name, subscriptions);

  const db = definition.openDatabase(config);
  const metrics = createMetricsRegistry(definition.name);
  const context: ServiceContext<Config, Db> = { config, db, log, metrics };
  await definition.prepare?.(context).catch(async (error: unknown) => {
    await db.disconnect();
    throw error;
  });

  const bus = new Bus({ url: config.AMQP_URL, prefix: config.BUS_PREFIX, log, connectionName: definition.name });
  if (subscriptions.length > 0) {
    bus.subscribe({
      consumer: definition.name,
      deliveryLimit: config.BUS_DELIVERY_LIMIT,
      prefetch: 16,
      handle: (event) => dispatch(event),
      isTransient: isInfrastructureError,
    });
  }
  bus.start();

  async function dispatch(event: Envelope): Promise<void> {
    const handler = subscriptions.find((s) => s.event.type === event.type && s.event.version === event.version);
    // Producers publish old and new versions side by side while consumers move; skip the ones we do not read.
    if (!handler) return;
    await runWithContext({ correlationId: event.correlationId, causationId: event.id }, async () => {
      const applied = await handleOnce(db.transaction, definition.name, event, (tx) => handler.handle(event, tx, context));
      // One line per event is too dear on the hot path at info; the event's effects are logged where they matter.
      log.debug({ eventType: event.type, eventId: event.id, applied }, applied ? 'event handled' : 'event already handled; skipped');
    });
  }

  const relay = new OutboxRelay({
    databaseUrl: config.DATABASE_URL,
    publish: (header, payload) => bus.publishSerialised(header, payload),
    canPublish: () => bus.isConnected(),
    log,
    pollIntervalMs: config.OUTBOX_POLL_MS,
  });
  // This process's commits wake its own relay at once; other instances' relays find them by polling.
  db.afterCommit((tx) => {
    if (!tx || addedToOutbox(tx)) relay.wake();
  });
  await relay.start();

  const jobs = [
    ...(definition.startJobs?.(context) ?? []),
    startRetention(
      db,
      { outboxHours: config.OUTBOX_RETENTION_HOURS, processedEventsHours: config.PROCESSED_EVENTS_RETENTION_HOURS, intervalMs: 15 * 60 * 1000 },
      log,
    ),
  ];

  const consumer = subscriptions.length > 0 ? definition.name : undefined;
  const observed = definition.observe?.(context) ?? {};
  const app = createHttpApp({
    log,
    gatewaySecret: definition.trustsGatewayAssertion === false ? undefined : config.INTERNAL_TOKEN_SECRET,
    parseJson: definition.trustsGatewayAssertion !== false,
    metrics,
    // The outbox lets a service take work while the broker is away: only its own database decides readiness.
    health: async () => {
      const [database, queues, own] = await Promise.all([
        db.ping().then(
          () => 'up',
          () => 'down',
        ),
        bus.queueStats(consumer).catch(() => ({})),
        observed.health?.().catch((err: Error) => ({ error: err.message })),
      ]);
      return { ready: database === 'up', database, broker: { ...bus.status(), ...queues }, ...own };
    },
  });
  registerServiceMetrics(metrics, { db, bus, consumer });
  definition.mountRoutes(app, context);
  finishHttpApp(app, log);

  const server = await listen(app, config.PORT);
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, `${definition.name} is listening`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      for (const job of jobs) await job.stop();
      await relay.stop();
      await bus.stop();
      await db.disconnect();
      log.info(`${definition.name} stopped`);
      await flushLog(log);
    })());

  return { config, db, log, metrics, bus, relay, url: `http://127.0.0.1:${port}`, port, stop };
}

/** The tables of the plumbing every service has (outbox, processed events), applied before the service's own. */
export function plumbingMigrations(): Migration[] {
  return [...loadMigrations('outbox', outboxMigrationsDir), ...loadMigrations('idempotent-consumer', processedEventsMigrationsDir)];
}

/** Everything a service applies at start-up, in order: the plumbing's tables, its libraries' and its own. */
export function serviceMigrations(definition: Pick<ServiceDefinition<never, never, never>, 'name' | 'migrationsDir' | 'libraryMigrations'>): Migration[] {
  return [...plumbingMigrations(), ...(definition.libraryMigrations ?? []), ...loadMigrations(definition.name, definition.migrationsDir)];
}

/** A service consumes exactly what the one declaration of who consumes what says, so the queues it finds are its own. */
function checkSubscriptionsDeclared(service: string, subscriptions: Array<{ event: EventDefinition }>): void {
  const subscribed = [...new Set(subscriptions.map((s) => s.event.type))].sort();
  const declared = [...(eventConsumers[service] ?? [])].sort();
  if (subscribed.join() !== declared.join()) {
    throw new Error(`${service} subscribes to [${subscribed.join(', ')}] but eventConsumers declares [${declared.join(', ')}] for it (libs/contracts-schema/src/consumers.ts)`);
  }
}

function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '0.0.0.0', (error?: Error) => (error ? reject(error) : resolve(server)));
    // Longer than the gateway's pooled-connection idle time, so the gateway never reuses a socket we just closed.
    server.keepAliveTimeout = 65_000;
  });
}
