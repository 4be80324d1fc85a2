import path from 'node:path';
import { signerOf } from '@helpdesk/http';
import type { ServiceDefinition } from '@helpdesk/runtime';
import { teamAccessMigrations } from '@helpdesk/team-access';
import type { TicketsConfig } from './config.js';
import { customersClient } from './clients/customers.js';
import { mailIngestClient } from './clients/mail-ingest.js';
import { mailEventGroups } from './events/on-inbound-email.js';
import { subscriptions } from './events/subscriptions.js';
import { openDatabase, type TicketsDatabase, type Tx } from './persistence/client.js';
import { ticketsApi } from './http/api-description.js';
import { attachmentsRoutes } from './http/attachments.routes.js';
import { emailHtmlRoutes } from './http/email-html.routes.js';
import { portalTicketsRoutes } from './http/portal-tickets.routes.js';
import { ticketNotesRoutes } from './http/ticket-notes.routes.js';
import { ticketsRoutes } from './http/tickets.routes.js';

export const ticketsService: ServiceDefinition<TicketsConfig, Tx, TicketsDatabase> = {
  name: 'tickets',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  libraryMigrations: teamAccessMigrations(),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: (app, { config, db, keys }) => {
    app.use(ticketsRoutes(db, customersClient(config.CUSTOMERS_INTERNAL_URL, signerOf(keys))));
    app.use(ticketNotesRoutes(db));
    app.use(portalTicketsRoutes(db));
    const mailIngest = mailIngestClient(config.MAIL_INGEST_INTERNAL_URL, signerOf(keys));
    app.use(attachmentsRoutes(db, mailIngest));
    app.use(emailHtmlRoutes(db, mailIngest));
  },
  apiDescription: ticketsApi,
  subscriptions,
  eventGroups: mailEventGroups,
};
