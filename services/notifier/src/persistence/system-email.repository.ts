import type { SqlExecutor } from '@helpdesk/db';
import type { SystemEmailKey } from '../domain/system-emails/system-emails.js';

/** A system email's switch as stored. */
export interface SystemEmailRow {
  key: SystemEmailKey;
  enabled: boolean;
  templateKey: string;
  version: number;
}

/** A system email with the template it is rendered from, as the event handlers need it. */
export interface SystemEmailWithTemplate extends SystemEmailRow {
  template: { id: string; version: number; subject: string; html: string; text: string | null };
}

const columns = `key, enabled, template_key AS "templateKey", version`;

export async function listSystemEmails(sql: SqlExecutor): Promise<SystemEmailRow[]> {
  return sql.$queryRawUnsafe<SystemEmailRow[]>(`SELECT ${columns} FROM system_emails ORDER BY key`);
}

export async function findSystemEmail(sql: SqlExecutor, key: string): Promise<SystemEmailRow | undefined> {
  const [row] = await sql.$queryRawUnsafe<SystemEmailRow[]>(`SELECT ${columns} FROM system_emails WHERE key = $1`, key);
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
     RETURNING ${columns}`,
    change.key,
    change.enabled,
    change.version,
    change.by,
  );
  return row;
}

/** Every system email with its template, in one statement: read for a group of events that may send one. */
export async function loadSystemEmails(sql: SqlExecutor): Promise<SystemEmailWithTemplate[]> {
  return sql.$queryRawUnsafe<SystemEmailWithTemplate[]>(
    `SELECT s.key, s.enabled, s.template_key AS "templateKey", s.version,
            jsonb_build_object('id', t.id, 'version', t.version, 'subject', t.subject, 'html', t.html_body, 'text', t.text_body) AS template
     FROM system_emails s JOIN email_templates t ON t.key = s.template_key`,
  );
}
