import { Text, Type, compileParser } from '@helpdesk/validation';
import { templateContextNames } from '../domain/templates/placeholders.js';
import type { TemplateRecord } from '../persistence/template.repository.js';

const Uuid = Type.String({ format: 'uuid' });
const Context = Type.Union(templateContextNames.map((name) => Type.Literal(name)));
/** Far above what validation allows (validate-template.ts, templateLimits): there, a part too large is reported with its pointer and kind. */
const Source = Text(1_000_000);
const TextPart = Type.Union([Type.String({ maxLength: 1_000_000 }), Type.Null()]);

const fields = {
  key: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
  name: Text(200),
  context: Context,
  subject: Source,
  html: Source,
  text: Type.Optional(TextPart),
};
const { key, name, context, subject, html, text } = fields;

export const parseTemplateId = compileParser(Uuid, 'email template id');

export const parseNewTemplate = compileParser(Type.Object({ key, name, context, subject, html, text }, { additionalProperties: false }), 'email template');

export const parseTemplateChange = compileParser(
  Type.Object(
    { version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), name: Type.Optional(name), subject: Type.Optional(subject), html: Type.Optional(html), text: Type.Optional(TextPart) },
    { additionalProperties: false, minProperties: 2 },
  ),
  'change of the email template (the version you loaded, and what changes: name, subject, html, text; key and context are fixed)',
);

export const parseTemplateToValidate = compileParser(Type.Object({ context, subject, html, text }, { additionalProperties: false }), 'template to validate');

export const parsePreviewRequest = compileParser(
  Type.Object(
    {
      templateId: Type.Optional(Uuid),
      context: Type.Optional(context),
      subject: Type.Optional(subject),
      html: Type.Optional(html),
      text: Type.Optional(TextPart),
      portalEnabled: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  'preview request',
);

export const parsePreviewQuery = compileParser(Type.Object({ portalEnabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), 'preview query', { coerce: true });

export const parsePlaceholdersQuery = compileParser(Type.Object({ context }, { additionalProperties: false }), 'placeholders query');

const iso = (date: Date) => date.toISOString();

/** A template in a list: what tells it apart, without its bodies (GET /api/emails/templates/{id} has them). */
export function templateSummary(template: TemplateRecord) {
  return {
    id: template.id,
    key: template.key,
    name: template.name,
    context: template.context,
    subject: template.subject,
    system: template.system,
    version: template.version,
    updatedAt: iso(template.updatedAt),
    updatedBy: template.updatedBy,
  };
}

export function templateResponse(template: TemplateRecord) {
  return { ...templateSummary(template), html: template.html, text: template.text, createdAt: iso(template.createdAt) };
}
