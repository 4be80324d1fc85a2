import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { MailIngestConfig } from './config.js';
import { secretKeysFrom } from './domain/secret-box.js';
import { subscriptions } from './events/subscriptions.js';
import { emailAccountsRoutes } from './http/email-accounts.routes.js';
import { startMailFetcher } from './jobs/mail-fetcher.job.js';
import { openDatabase, type MailIngestDatabase, type Tx } from './persistence/client.js';

export const mailIngestService: ServiceDefinition<MailIngestConfig, Tx, MailIngestDatabase> = {
  name: 'mail-ingest',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { config, db }) => {
    app.use(emailAccountsRoutes({ db, keys: secretKeysFrom(config), connectionTestTimeoutMs: config.IMAP_TEST_TIMEOUT_MS }));
  },
  subscriptions,
  // The fetcher (issue 11 §2): every enabled account whose lease this instance holds. See README.md, Fetching.
  startJobs: ({ config, db, log }) =>
    config.MAIL_FETCHER_ENABLED
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
              accountsRefreshMs: config.MAIL_ACCOUNTS_REFRESH_MS,
              instanceId: config.MAIL_INSTANCE_ID,
            },
          }),
        ]
      : [],
};
