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
