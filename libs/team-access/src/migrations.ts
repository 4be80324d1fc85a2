import path from 'node:path';
import { loadMigrations, type Migration } from '@helpdesk/db';

/** The projection's tables (sql/), for the services that resolve team access: see team-projection.ts. */
export function teamAccessMigrations(): Migration[] {
  return loadMigrations('team-access', path.join(__dirname, '..', 'sql'));
}
