import type { SqlExecutor } from '@helpdesk/db';
import type { TemplateContextName } from '../domain/templates/placeholders.js';

/** An email template as stored. */
export interface StoredTemplate {
  id: string;
  key: string;
  name: string;
  context: TemplateContextName;
  subject: string;
  html: string;
  text: string | null;
  system: boolean;
  version: number;
}

const columns = `id, key, name, context, subject, html_body AS html, text_body AS text, system, version`;

/** Every template (a few dozen at most): what the notifier renders from, kept in memory between changes. */
export async function listTemplates(sql: SqlExecutor): Promise<StoredTemplate[]> {
  return sql.$queryRawUnsafe<StoredTemplate[]>(`SELECT ${columns} FROM email_templates ORDER BY key`);
}

/** A template with its history, as the administration API shows it. */
export interface TemplateRecord extends StoredTemplate {
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

const recordColumns = `${columns}, created_at AS "createdAt", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

export async function listTemplateRecords(sql: SqlExecutor): Promise<TemplateRecord[]> {
  return sql.$queryRawUnsafe<TemplateRecord[]>(`SELECT ${recordColumns} FROM email_templates ORDER BY key`);
}

/** One template; `lock` holds its row until the transaction ends (a change or deletion checks, then writes). */
export async function findTemplate(sql: SqlExecutor, id: string, lock = false): Promise<TemplateRecord | undefined> {
  const [row] = await sql.$queryRawUnsafe<TemplateRecord[]>(`SELECT ${recordColumns} FROM email_templates WHERE id = $1::uuid${lock ? ' FOR UPDATE' : ''}`, id);
  return row;
}

/** What a new template is made of: its source, fixed key and context, and who saved it. */
export type NewTemplate = Pick<StoredTemplate, 'key' | 'name' | 'context' | 'subject' | 'html' | 'text'> & { updatedBy: string };

/** Inserts a template (never a system one: those are seeded); a taken key fails with PostgreSQL's unique violation (23505). */
export async function insertTemplate(sql: SqlExecutor, template: NewTemplate): Promise<TemplateRecord> {
  const [row] = await sql.$queryRawUnsafe<TemplateRecord[]>(
    `INSERT INTO email_templates (key, name, context, subject, html_body, text_body, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::uuid) RETURNING ${recordColumns}`,
    template.key,
    template.name,
    template.context,
    template.subject,
    template.html,
    template.text,
    template.updatedBy,
  );
  return row!;
}

/** What an edit may change: a template's key and context are fixed at creation. */
export type TemplateContent = Pick<StoredTemplate, 'name' | 'subject' | 'html' | 'text'>;

/** Writes a template's new content and counts its version up, if it is still at `version`; undefined when it is not (or gone). */
export async function updateTemplate(sql: SqlExecutor, id: string, version: number, content: TemplateContent, updatedBy: string): Promise<TemplateRecord | undefined> {
  const [row] = await sql.$queryRawUnsafe<TemplateRecord[]>(
    `UPDATE email_templates SET name = $3, subject = $4, html_body = $5, text_body = $6, version = version + 1, updated_at = now(), updated_by = $7::uuid
     WHERE id = $1::uuid AND version = $2 RETURNING ${recordColumns}`,
    id,
    version,
    content.name,
    content.subject,
    content.html,
    content.text,
    updatedBy,
  );
  return row;
}

export async function deleteTemplate(sql: SqlExecutor, id: string): Promise<void> {
  await sql.$executeRawUnsafe(`DELETE FROM email_templates WHERE id = $1::uuid`, id);
}

/**
 * What still sends a template: automations and system emails naming its id. Their tables belong to
 * other parts of the notifier (automations, system emails); each is asked only where it exists, and by
 * the template's id anywhere in its row (a UUID is found nowhere else), so the check holds whatever
 * shape their columns take. Run in the transaction that holds the template's row (findTemplate with
 * lock): a save that names the template takes a share lock on that row first, so none slips in between.
 */
export async function templateUsers(sql: SqlExecutor, id: string): Promise<string[]> {
  const [tables] = await sql.$queryRawUnsafe<Array<{ automations: boolean; systemEmails: boolean }>>(
    `SELECT to_regclass('automations') IS NOT NULL AS automations, to_regclass('system_emails') IS NOT NULL AS "systemEmails"`,
  );
  const users: string[] = [];
  if (tables!.automations) {
    const rows = await sql.$queryRawUnsafe<Array<{ code: string | null; name: string | null }>>(
      `SELECT to_jsonb(a)->>'code' AS code, to_jsonb(a)->>'name' AS name FROM automations a WHERE strpos(to_jsonb(a)::text, $1) > 0 ORDER BY 1, 2`,
      id,
    );
    users.push(...rows.map((row) => `automation ${[row.code, row.name && `"${row.name}"`].filter(Boolean).join(' ')}`));
  }
  if (tables!.systemEmails) {
    const rows = await sql.$queryRawUnsafe<Array<{ key: string | null }>>(
      `SELECT to_jsonb(s)->>'key' AS key FROM system_emails s WHERE strpos(to_jsonb(s)::text, $1) > 0 ORDER BY 1`,
      id,
    );
    users.push(...rows.map((row) => `system email ${row.key ?? ''}`.trim()));
  }
  return users;
}
