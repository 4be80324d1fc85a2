import { ConflictError, NotFoundError, ValidationError } from '@helpdesk/errors';
import type { NotifierDatabase } from '../../persistence/client.js';
import { bumpSettingsVersion } from '../../persistence/settings.repository.js';
import {
  deleteTemplate as deleteRow,
  findTemplate,
  insertTemplate,
  templateUsers,
  updateTemplate as updateRow,
  type TemplateRecord,
} from '../../persistence/template.repository.js';
import type { TemplateContextName } from './placeholders.js';
import { sampleValues } from './sample-context.js';
import { compileTemplate, renderEmail, type RenderedEmail, type TemplateSource } from './template-engine.js';
import { requireValidTemplate } from './validate-template.js';

export interface TemplatesContext {
  db: NotifierDatabase;
  /** PORTAL_URL: the sample's portal links are built from it, and a template that writes it out is caught in email-only mode. */
  portalUrl: string;
}

export class TemplateNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no email template ${id}.`);
  }
}

export interface NewTemplateInput {
  key: string;
  name: string;
  context: TemplateContextName;
  subject: string;
  html: string;
  text?: string | null;
}

export interface TemplateChange {
  version: number;
  name?: string;
  subject?: string;
  html?: string;
  text?: string | null;
}

/**
 * Saves a new template once it validates against its context (400 with every error's position
 * otherwise). Its key is fixed from now on, as is its context: automations and system emails were
 * checked against that context, and the email log names a template by its key.
 */
export async function createTemplate(context: TemplatesContext, input: NewTemplateInput, userId: string): Promise<TemplateRecord> {
  const source = { subject: input.subject, html: input.html, text: input.text ?? null };
  requireValidTemplate(input.context, source, context.portalUrl);
  return context.db.transaction(async (tx) => {
    const created = await onKeyTaken(input.key, insertTemplate(tx, { key: input.key, name: input.name, context: input.context, ...source, updatedBy: userId }));
    await bumpSettingsVersion(tx);
    return created;
  });
}

/**
 * Changes what the request names, if the template is still at the version the editor loaded (409
 * otherwise: someone else saved meanwhile). The result must validate as a whole. `text: null` goes
 * back to a plain-text part derived from the HTML.
 */
export async function updateTemplate(context: TemplatesContext, id: string, change: TemplateChange, userId: string): Promise<TemplateRecord> {
  const current = await findTemplate(context.db.client, id);
  if (!current) throw new TemplateNotFoundError(id);
  if (current.version !== change.version) throw changedMeanwhile(current.version);
  const content = {
    name: change.name ?? current.name,
    subject: change.subject ?? current.subject,
    html: change.html ?? current.html,
    text: change.text === undefined ? current.text : change.text,
  };
  requireValidTemplate(current.context, content, context.portalUrl);
  return context.db.transaction(async (tx) => {
    const updated = await updateRow(tx, id, change.version, content, userId);
    if (!updated) {
      const now = await findTemplate(tx, id);
      if (!now) throw new TemplateNotFoundError(id);
      throw changedMeanwhile(now.version);
    }
    await bumpSettingsVersion(tx);
    return updated;
  });
}

/**
 * Deletes a template nothing sends any more. The seeded templates of system emails and notification
 * groups (`system`) are only ever edited; a template an automation or a system email names is refused,
 * naming them (409).
 */
export async function deleteTemplate(context: TemplatesContext, id: string): Promise<void> {
  await context.db.transaction(async (tx) => {
    const template = await findTemplate(tx, id, true);
    if (!template) throw new TemplateNotFoundError(id);
    if (template.system) {
      throw new ConflictError(`"${template.name}" (${template.key}) is a system template: system emails and notification groups send it. It can be edited, not deleted.`);
    }
    const users = await templateUsers(tx, id);
    if (users.length > 0) {
      throw new ConflictError(`"${template.name}" (${template.key}) is still used by ${users.join(', ')}: choose another template there first, then delete it.`);
    }
    await deleteRow(tx, id);
    await bumpSettingsVersion(tx);
  });
}

export interface PreviewRequest {
  templateId?: string;
  context?: TemplateContextName;
  subject?: string;
  html?: string;
  text?: string | null;
  /** False: as in email-only mode (no portal app enabled). */
  portalEnabled: boolean;
}

/**
 * Renders a saved template, or one being edited, against the built-in sample values of its context,
 * with the very function that renders emails. `portalLinkRendered` true means: in this mode the email
 * would not be sent (it shows a portal link while the portal is off).
 */
export async function previewTemplate(context: TemplatesContext, request: PreviewRequest): Promise<RenderedEmail & { context: TemplateContextName }> {
  const { templateContext, source } = await previewSource(context, request);
  requireValidTemplate(templateContext, source, context.portalUrl);
  const rendered = renderEmail(compileTemplate(source), sampleValues(templateContext, { portalUrl: context.portalUrl }), {
    portalEnabled: request.portalEnabled,
    portalUrl: context.portalUrl,
  });
  return { context: templateContext, ...rendered };
}

async function previewSource(context: TemplatesContext, request: PreviewRequest): Promise<{ templateContext: TemplateContextName; source: TemplateSource }> {
  if (request.templateId !== undefined) {
    const given = (['context', 'subject', 'html', 'text'] as const).filter((field) => request[field] !== undefined);
    if (given.length > 0) {
      throw new ValidationError('Preview either a saved template (templateId) or a template being edited (context, subject, html, text), not both.', given.map((field) => ({ pointer: `/${field}`, message: 'cannot be given with templateId' })));
    }
    const template = await findTemplate(context.db.client, request.templateId);
    if (!template) throw new TemplateNotFoundError(request.templateId);
    return { templateContext: template.context, source: template };
  }
  const missing = (['context', 'subject', 'html'] as const).filter((field) => request[field] === undefined);
  if (missing.length > 0) {
    throw new ValidationError('Name a saved template (templateId), or give the template to preview: context, subject, html (and text, optionally).', missing.map((field) => ({ pointer: `/${field}`, message: 'is required without templateId' })));
  }
  return { templateContext: request.context!, source: { subject: request.subject!, html: request.html!, text: request.text ?? null } };
}

function changedMeanwhile(version: number): ConflictError {
  return new ConflictError(`The template was changed by someone else meanwhile (it is at version ${version} now): load it again and repeat your change.`);
}

async function onKeyTaken<T>(key: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'email_templates_key_key') throw new ConflictError(`Another email template has the key "${key}": choose another.`);
    throw error;
  }
}
