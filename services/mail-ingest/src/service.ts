import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { MailIngestConfig } from './config.js';
import { secretKeysFrom } from './domain/secret-box.js';
import { subscriptions } from './events/subscriptions.js';
import { emailAccountsRoutes } from './http/email-accounts.routes.js';
import { internalAttachmentsRoutes } from './http/internal-attachments.routes.js';
import { openDatabase, type MailIngestDatabase, type Tx } from './persistence/client.js';

export const mailIngestService: ServiceDefinition<MailIngestConfig, Tx, MailIngestDatabase> = {
  name: 'mail-ingest',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { config, db }) => {
    app.use(emailAccountsRoutes({ db, keys: secretKeysFrom(config), connectionTestTimeoutMs: config.IMAP_TEST_TIMEOUT_MS }));
  },
  // The tickets service fetches attachments' bytes here for those who may see them.
  mountInternalRoutes: (app, { db }) => app.use(internalAttachmentsRoutes(db)),
  subscriptions,
};
