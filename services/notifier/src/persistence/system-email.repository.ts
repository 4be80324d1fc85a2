import type { SqlExecutor } from '@helpdesk/db';
import type { SystemEmailKey } from '../domain/system-emails/system-emails.js';

/** A system email's switch as stored. */
export interface SystemEmailRow {
  key: SystemEmailKey;
  enabled: boolean;
  templateKey: string;
  version: number;
}

export const systemEmailColumns = `key, enabled, template_key AS "templateKey", version`;

export async function listSystemEmails(sql: SqlExecutor): Promise<SystemEmailRow[]> {
  return sql.$queryRawUnsafe<SystemEmailRow[]>(`SELECT ${systemEmailColumns} FROM system_emails ORDER BY key`);
}

export async function findSystemEmail(sql: SqlExecutor, key: string): Promise<SystemEmailRow | undefined> {
  const [row] = await sql.$queryRawUnsafe<SystemEmailRow[]>(`SELECT ${systemEmailColumns} FROM system_emails WHERE key = $1`, key);
  return row;
}

/**
 * Switches a system email on or off if it is still at `version`; resolves to the saved row, or
 * undefined when it is not (changed meanwhile, or no such key).
 */
export async function switchSystemEmail(sql: SqlExecutor, change: { key: string; enabled: boolean; version: number; by: string }): Promise<SystemEmailRow | undefined> {
  const [row] = await sql.$queryRawUnsafe<SystemEmailRow[]>(
    `UPDATE system_emails SET enabled = $2, version = version + 1, updated_at = now(), updated_by = $4::uuid
     WHERE key = $1 AND version = $3::int
     RETURNING ${systemEmailColumns}`,
    change.key,
    change.enabled,
    change.version,
    change.by,
  );
  return row;
}
