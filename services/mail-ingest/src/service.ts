import path from 'node:path';
import type { ServiceDefinition } from '@helpdesk/runtime';
import type { MailIngestConfig } from './config.js';
import { openDatabase, type MailIngestDatabase, type Tx } from './persistence/client.js';

export const mailIngestService: ServiceDefinition<MailIngestConfig, Tx, MailIngestDatabase> = {
  name: 'mail-ingest',
  migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
  openDatabase: (config) => openDatabase(config.DATABASE_URL),
  mountRoutes: () => undefined,
};
