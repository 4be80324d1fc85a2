import type { SqlExecutor } from '@helpdesk/db';

/**
 * Counts up the version of what decides on emails, in the transaction of the change: every instance's
 * in-memory copy (templates, automations, switches) is then stale, and its next group of events reloads
 * it before writing anything.
 */
export async function bumpSettingsVersion(sql: SqlExecutor): Promise<void> {
  await sql.$executeRawUnsafe(`UPDATE notifier_settings SET version = version + 1 WHERE id = 1`);
}
