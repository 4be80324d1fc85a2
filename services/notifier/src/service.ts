import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { NotifierConfig } from './config.js';
import { openDatabase, type NotifierDatabase, type Tx } from './persistence/client.js';
import { teamAccessMigrations } from '@helpdesk/team-access';
import { eventGroups, subscriptions } from './events/subscriptions.js';
import { startEmailSender } from './jobs/email-sender.job.js';
import { createMailer } from './mail/mailer.js';
import { observeEmailQueue } from './mail/email-queue-metrics.js';
import { messageIdDomain } from './domain/message-id.js';
import { templatesRoutes } from './http/templates.routes.js';
import { emailLogRoutes } from './http/email-log.routes.js';
import { systemEmailsRoutes } from './http/system-emails.routes.js';
import { settingsRoutes } from './http/settings.routes.js';
import { notifierApi } from './http/api-description.js';
import { automationsRoutes } from './http/automations.routes.js';
import { purgeExpiredThrottles, purgeOldRuns } from './persistence/automation.repository.js';

export const notifierService: ServiceDefinition<NotifierConfig, Tx, NotifierDatabase> = {
  name: 'notifier',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  // Administration (the gateway proxies /api/automations/* and /api/emails/*): automations, templates, the system emails' switches, the account owner, the email log.
  mountRoutes: (app, { config, db }) => {
    app.use(templatesRoutes({ db, portalUrl: config.PORTAL_URL }));
    app.use(systemEmailsRoutes(db));
    app.use(settingsRoutes(db));
    app.use(emailLogRoutes(db, { maxAttempts: config.MAIL_MAX_ATTEMPTS }));
    app.use(automationsRoutes({ db, config }));
  },
  apiDescription: notifierApi,
  subscriptions,
  eventGroups,
  purges: ({ config, db }) => [
    { what: 'automation runs', purge: (batchSize) => purgeOldRuns(db.client, config.AUTOMATION_RUN_RETENTION_DAYS, batchSize) },
    { what: 'auto-reply throttle rows', purge: (batchSize) => purgeExpiredThrottles(db.client, batchSize) },
  ],
  observe: ({ config, db, metrics }) => observeEmailQueue(metrics, db, config.MAIL_MAX_ATTEMPTS),
  startJobs: ({ config, db, log }) => [
    startEmailSender({
      db,
      log,
      mailer: createMailer({
        from: config.MAIL_FROM,
        dropDir: config.MAIL_DROP_DIR,
        smtp: config.SMTP_URL
          ? {
              url: config.SMTP_URL,
              // One connection per concurrent send: a send that waited for a connection would spend its deadline waiting.
              poolSize: config.MAIL_SEND_CONCURRENCY,
              connectionTimeoutMs: config.SMTP_CONNECTION_TIMEOUT_MS,
              greetingTimeoutMs: config.SMTP_GREETING_TIMEOUT_MS,
              socketTimeoutMs: config.SMTP_SOCKET_TIMEOUT_MS,
            }
          : undefined,
      }),
      intervalMs: config.MAIL_SEND_INTERVAL_MS,
      concurrency: config.MAIL_SEND_CONCURRENCY,
      loopDomain: messageIdDomain(config.MAIL_FROM),
      retry: { maxAttempts: config.MAIL_MAX_ATTEMPTS, firstRetryDelayMs: config.MAIL_FIRST_RETRY_MS },
    }),
  ],
};
