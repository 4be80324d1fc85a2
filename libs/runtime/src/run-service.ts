import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Bus } from '@helpdesk/bus';
import { eventConsumers, type Envelope, type EventDefinition, type EventData } from '@helpdesk/contracts-schema';
import { ensureDatabase, loadMigrations, migrate, type Migration, type ServiceDatabase as DbServiceDatabase, type SqlExecutor } from '@helpdesk/db';
import { isInfrastructureError } from '@helpdesk/errors';
import { answerClientErrors, createHttpApp, createInternalHttpApp, createMetricsRegistry, finishHttpApp, loadServiceKeys, type Registry, type ServiceKeys } from '@helpdesk/http';
import { handleOnce, processedEventsMigrationsDir } from '@helpdesk/idempotent-consumer';
import { createLogger, flushLog, runWithContext, type Logger } from '@helpdesk/logging';
import { API_DESCRIPTION_PATH, describeApi, type RouteDescription } from '@helpdesk/openapi';
import { OutboxRelay, addedToOutbox, outboxMigrationsDir } from '@helpdesk/outbox';
import type { BaseConfig } from './base-config.js';
import { groupCalls } from './group-calls.js';
import { startRetention, type Purge } from './retention.js';
import { registerServiceMetrics } from './service-metrics.js';

/** Messages a consumer holds at once: also the largest group an EventGroupHandler gets. */
const eventPrefetch = 16;

/** What the plumbing needs of a service's database: libs/db's wrapper of its Prisma client. */
export type ServiceDatabase<Tx extends SqlExecutor> = DbServiceDatabase<Tx, SqlExecutor>;

export interface ServiceContext<Config, Db> {
  config: Config;
  db: Db;
  log: Logger;
  /** The service's Prometheus registry, served at /metrics. */
  metrics: Registry;
  /** Its own private key (if it signs) and everyone's public keys: for the clients it calls others with. */
  keys: ServiceKeys;
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

/**
 * Events a service takes a group at a time (all that arrived together), in one statement of its own
 * that also records their ids as applied, so that a redelivered event changes nothing: for hot paths
 * where a transaction per event would cost more than the work.
 */
export interface EventGroupHandler<Config, Db> {
  events: EventDefinition[];
  /** Resolves to the ids of the events applied now (not before). */
  handleGroup(events: Envelope[], context: ServiceContext<Config, Db>): Promise<string[]>;
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
  /**
   * Routes other services call (`/internal/...`), served only on the internal listener
   * (INTERNAL_HOST:INTERNAL_PORT), each naming the callers it answers with `requireCaller`.
   */
  mountInternalRoutes?(app: Express, context: ServiceContext<Config, Db>): void;
  /**
   * The service's public API (src/http/api-description.ts), served as an OpenAPI fragment at
   * /api-description for the gateway, which merges the fragments into /api/openapi.json (the gateway
   * itself serves only the merged one). The service's per-service test compares it with the routes it registers.
   */
  apiDescription?: RouteDescription[];
  /** The gateway authenticates users itself and sends no assertion. */
  trustsGatewayAssertion?: boolean;
  /** Runs once the database is migrated, before the service takes requests (seeding, checks). */
  prepare?(context: ServiceContext<Config, Db>): Promise<void>;
  subscriptions?: EventHandler<Tx, Config, Db>[];
  eventGroups?: EventGroupHandler<Config, Db>;
  startJobs?(context: ServiceContext<Config, Db>): Job[];
  /** The service's own rows that are kept only for a while, deleted by the retention job beside the outbox's. */
  purges?(context: ServiceContext<Config, Db>): Purge[];
  /** The service's own gauges (context.metrics) and what its /health/ready reports beside the plumbing's state. */
  observe?(context: ServiceContext<Config, Db>): { health?(): Promise<Record<string, unknown>> };
}

export interface RunningService<Config, Db> extends ServiceContext<Config, Db> {
  url: string;
  port: number;
  /** The internal listener, when the service has internal routes. */
  internalUrl?: string;
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
  const trustsGateway = definition.trustsGatewayAssertion !== false;
  const keys = loadServiceKeys(definition.name, { publicKeys: config.SERVICE_PUBLIC_KEYS, privateKey: config.SERVICE_PRIVATE_KEY });
  if (trustsGateway && !keys.publicKeys.has('gateway')) throw new Error('SERVICE_PUBLIC_KEYS has no key for the gateway, whose assertions this service checks.');

  await ensureDatabase(config.DATABASE_URL);
  const applied = await migrate(config.DATABASE_URL, serviceMigrations(definition));
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  const subscriptions = definition.subscriptions ?? [];
  const grouped = definition.eventGroups?.events ?? [];
  checkSubscriptionsDeclared(definition.name, [...subscriptions.map((s) => s.event), ...grouped]);

  const db = definition.openDatabase(config);
  const metrics = createMetricsRegistry(definition.name);
  const context: ServiceContext<Config, Db> = { config, db, log, metrics, keys };
  await definition.prepare?.(context).catch(async (error: unknown) => {
    await db.disconnect();
    throw error;
  });

  const bus = new Bus({ url: config.AMQP_URL, prefix: config.BUS_PREFIX, log, connectionName: definition.name });
  const subscribed = subscriptions.length + grouped.length > 0;
  if (subscribed) {
    bus.subscribe({
      consumer: definition.name,
      deliveryLimit: config.BUS_DELIVERY_LIMIT,
      prefetch: eventPrefetch,
      handle: (event) => dispatch(event),
      isTransient: isInfrastructureError,
    });
  }
  bus.start();

  const handleInGroups =
    definition.eventGroups &&
    groupCalls(async (events: Envelope[]) => {
      const applied = new Set(await definition.eventGroups!.handleGroup(events, context));
      for (const event of events) logHandled(event, applied.has(event.id));
    }, eventPrefetch);
  const readsVersion = (definitions: EventDefinition[], event: Envelope) => definitions.some((d) => d.type === event.type && d.version === event.version);

  async function dispatch(event: Envelope): Promise<void> {
    if (handleInGroups && readsVersion(grouped, event)) return handleInGroups(event);
    const handler = subscriptions.find((s) => readsVersion([s.event], event));
    // Producers publish old and new versions side by side while consumers move; skip the ones we do not read.
    if (!handler) return;
    await runWithContext({ correlationId: event.correlationId, causationId: event.id }, async () => {
      const applied = await handleOnce(db.transaction, definition.name, event, (tx) => handler.handle(event, tx, context));
      logHandled(event, applied);
    });
  }

  // One line per event is too dear on the hot path at info; the event's effects are logged where they matter.
  function logHandled(event: Envelope, applied: boolean): void {
    runWithContext({ correlationId: event.correlationId, causationId: event.id }, () =>
      log.debug({ eventType: event.type, eventId: event.id, applied }, applied ? 'event handled' : 'event already handled; skipped'),
    );
  }

  const relay = new OutboxRelay({
    pool: db.pool,
    publish: (header, payload) => bus.publishSerialised(header, payload),
    canPublish: () => bus.isConnected(),
    log,
    pollIntervalMs: config.OUTBOX_POLL_MS,
  });
  // This process's commits wake its own relay at once; other instances' relays find them by polling.
  db.afterCommit((commit) => {
    if ('transaction' in commit ? addedToOutbox(commit.transaction) : commit.statement.wroteOutbox) relay.wake();
  });
  await relay.start();

  const jobs = [
    ...(definition.startJobs?.(context) ?? []),
    startRetention(
      db,
      { outboxHours: config.OUTBOX_RETENTION_HOURS, processedEventsHours: config.PROCESSED_EVENTS_RETENTION_HOURS, intervalMs: 15 * 60 * 1000 },
      log,
      definition.purges?.(context),
    ),
  ];

  const consumer = subscribed ? definition.name : undefined;
  const observed = definition.observe?.(context) ?? {};
  const app = createHttpApp({
    log,
    gatewayKeys: trustsGateway ? keys : undefined,
    parseJson: trustsGateway,
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
  if (definition.apiDescription && definition.trustsGatewayAssertion !== false) {
    const routes = definition.apiDescription;
    let fragment: ReturnType<typeof describeApi> | undefined;
    // Made at the first request, like the schemas' validators: a process pays only for what is asked of it.
    app.get(API_DESCRIPTION_PATH, (_req, res) => {
      res.json((fragment ??= describeApi(`Helpdesk: the ${definition.name} service`, routes)));
    });
  }
  definition.mountRoutes(app, context);
  finishHttpApp(app, log);

  let internal: { server: Server; port: number } | undefined;
  if (definition.mountInternalRoutes) {
    const internalApp = createInternalHttpApp({ log, keys });
    definition.mountInternalRoutes(internalApp, context);
    finishHttpApp(internalApp, log);
    const server = await listen(internalApp, config.INTERNAL_HOST, config.INTERNAL_PORT);
    internal = { server, port: (server.address() as AddressInfo).port };
  }
  const server = await listen(app, config.HOST, config.PORT).catch(async (error: unknown) => {
    if (internal) await close(internal.server);
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.HOST, port, internal: internal && { host: config.INTERNAL_HOST, port: internal.port } }, `${definition.name} is listening`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all([server, internal?.server].map((listening) => listening && close(listening)));
      for (const job of jobs) await job.stop();
      await relay.stop();
      await bus.stop();
      await db.disconnect();
      log.info(`${definition.name} stopped`);
      await flushLog(log);
    })());

  return { config, db, log, metrics, keys, bus, relay, url: urlOf(config.HOST, port), port, internalUrl: internal && urlOf(config.INTERNAL_HOST, internal.port), stop };
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
function checkSubscriptionsDeclared(service: string, events: EventDefinition[]): void {
  const subscribed = [...new Set(events.map((event) => event.type))].sort();
  const declared = [...(eventConsumers[service] ?? [])].sort();
  if (subscribed.join() !== declared.join()) {
    throw new Error(`${service} subscribes to [${subscribed.join(', ')}] but eventConsumers declares [${declared.join(', ')}] for it (libs/contracts-schema/src/consumers.ts)`);
  }
}

/** Where this process reaches a listener: loopback for one bound to every interface. */
function urlOf(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function listen(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    // Longer than the gateway's pooled-connection idle time, so the gateway never reuses a socket we just closed.
    server.keepAliveTimeout = 65_000;
    answerClientErrors(server);
  });
}
