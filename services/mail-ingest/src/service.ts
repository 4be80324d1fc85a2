import path from 'node:path';
import { messageIdDomain } from '@helpdesk/contracts-schema';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { MailIngestConfig } from './config.js';
import { secretKeysFrom } from './domain/secret-box.js';
import { observeInbound } from './events/ingest-metrics.js';
import { inboundEmailFiledGroups } from './events/on-inbound-email-filed.js';
import { subscriptions } from './events/subscriptions.js';
import { inboundEmailsRoutes } from './http/inbound-emails.routes.js';
import { mailIngestApi } from './http/api-description.js';
import { internalRoutes } from './http/internal.routes.js';
import { startAnnounceAgain } from './jobs/announce-again.job.js';
import { startProcessor } from './jobs/processor.job.js';
import { emailAccountsRoutes } from './http/email-accounts.routes.js';
import { startMailFetcher } from './jobs/mail-fetcher.job.js';
import { openDatabase, type MailIngestDatabase, type Tx } from './persistence/client.js';

const announceAgainSettings = (config: MailIngestConfig) => ({ afterMs: config.MAIL_REANNOUNCE_AFTER_MS, attempts: config.MAIL_ANNOUNCE_ATTEMPTS });

export const mailIngestService: ServiceDefinition<MailIngestConfig, Tx, MailIngestDatabase> = {
  name: 'mail-ingest',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { config, db }) => {
    app.use(emailAccountsRoutes({ db, keys: secretKeysFrom(config), connectionTestTimeoutMs: config.IMAP_TEST_TIMEOUT_MS }));
    app.use(inboundEmailsRoutes(db, announceAgainSettings(config)));
  },
  apiDescription: mailIngestApi,
  // The bytes of inbound attachments, for the tickets service (which decides who sees them).
  mountInternalRoutes: (app, { db }) => {
    app.use(internalRoutes(db));
  },
  subscriptions,
  eventGroups: inboundEmailFiledGroups,
  observe: ({ db, metrics }) => observeInbound(metrics, db),
  // The processor wakes at every commit of this process (the fetcher's stores among them) and polls for the rest;
  // beside it, the emails tickets has not filed in time are announced again; the fetcher (issue 11 §2) holds the
  // leases of enabled accounts. See README.md, Fetching and Processing.
  startJobs: ({ config, db, log, metrics }) => [
    ...(config.MAIL_PROCESSOR_ENABLED
      ? [
          startProcessor({
            db,
            log,
            metrics,
            maxMessageBytes: config.MAX_MESSAGE_BYTES,
            parseTimeoutMs: config.PARSE_TIMEOUT_MS,
            parseWorkerHeapMb: config.PARSE_WORKER_HEAP_MB,
            concurrency: config.PROCESSOR_CONCURRENCY,
            pollMs: config.PROCESSOR_POLL_MS,
            maxAttempts: config.PROCESSOR_MAX_ATTEMPTS,
            systemDomain: messageIdDomain(config.MAIL_FROM),
          }),
          startAnnounceAgain({ db, log, settings: announceAgainSettings(config) }),
        ]
      : []),
    ...(config.MAIL_FETCHER_ENABLED
      ? [
          startMailFetcher({
            db,
            keys: secretKeysFrom(config),
            log,
            settings: {
              sweepIntervalMs: config.IMAP_SWEEP_INTERVAL_MS,
              leaseMs: config.MAIL_LEASE_MS,
              reconnectMaxMs: config.IMAP_RECONNECT_MAX_MS,
              socketTimeoutMs: config.IMAP_SOCKET_TIMEOUT_MS,
              connectTimeoutMs: config.IMAP_TEST_TIMEOUT_MS,
              storeBatch: config.MAIL_STORE_BATCH,
              // The ceiling at fetch time (review i11, item 7): four times the processing cap, under what PostgreSQL takes in one value.
              maxFetchBytes: Math.min(4 * config.MAX_MESSAGE_BYTES, 512 * 1024 * 1024),
              accountsRefreshMs: config.MAIL_ACCOUNTS_REFRESH_MS,
              instanceId: config.MAIL_INSTANCE_ID,
            },
          }),
        ]
      : []),
  ],
};
