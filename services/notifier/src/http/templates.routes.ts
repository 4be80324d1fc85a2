import { Router } from 'express';
import { permissions } from '@helpdesk/http';
import { placeholderTree, portalLinkPaths } from '../domain/templates/placeholders.js';
import { createTemplate, deleteTemplate, previewTemplate, TemplateNotFoundError, updateTemplate, type TemplatesContext } from '../domain/templates/manage-templates.js';
import { requireValidTemplate } from '../domain/templates/validate-template.js';
import { findTemplate, listTemplateRecords } from '../persistence/template.repository.js';
import { requireNotifierAdmin } from './require-admin.js';
import {
  parseNewTemplate,
  parsePlaceholdersQuery,
  parsePreviewQuery,
  parsePreviewRequest,
  parseTemplateChange,
  parseTemplateId,
  parseTemplateToValidate,
  templateResponse,
  templateSummary,
} from './templates.schemas.js';

/**
 * Email templates (issue 12, item 2): listed, created, edited (with the version loaded: 409 when
 * stale), deleted (not system ones, not while used), checked and previewed against sample values,
 * and the placeholders each context offers. Every route needs automations.manage and access to all
 * customers (require-admin.ts).
 */
export function templatesRoutes(context: TemplatesContext): Router {
  const router = Router();
  const { db } = context;
  const requireAdmin = (req: Parameters<typeof requireNotifierAdmin>[1]) => requireNotifierAdmin(db.client, req, permissions.manageAutomations.name);

  router.get('/api/emails/templates', async (req, res) => {
    await requireAdmin(req);
    res.json({ items: (await listTemplateRecords(db.client)).map(templateSummary) });
  });

  router.post('/api/emails/templates', async (req, res) => {
    const staff = await requireAdmin(req);
    const created = await createTemplate(context, parseNewTemplate(req.body), staff.userId);
    res.status(201).location(`/api/emails/templates/${created.id}`).json(templateResponse(created));
  });

  // Before '/:id', which would take "validate" and "preview" for ids.
  router.post('/api/emails/templates/validate', async (req, res) => {
    await requireAdmin(req);
    const { context: templateContext, subject, html, text } = parseTemplateToValidate(req.body);
    res.json({ placeholders: requireValidTemplate(templateContext, { subject, html, text: text ?? null }, context.portalUrl) });
  });

  router.post('/api/emails/templates/preview', async (req, res) => {
    await requireAdmin(req);
    const { portalEnabled: inQuery } = parsePreviewQuery({ ...req.query });
    const { portalEnabled: inBody, ...request } = parsePreviewRequest(req.body ?? {});
    const { subject, html, text, portalLinkRendered, context: templateContext } = await previewTemplate(context, { ...request, portalEnabled: inBody ?? inQuery ?? true });
    res.json({ context: templateContext, subject, html, text, portalLinkRendered });
  });

  router.get('/api/emails/templates/:id', async (req, res) => {
    await requireAdmin(req);
    const id = parseTemplateId(req.params.id);
    const template = await findTemplate(db.client, id);
    if (!template) throw new TemplateNotFoundError(id);
    res.json(templateResponse(template));
  });

  router.patch('/api/emails/templates/:id', async (req, res) => {
    const staff = await requireAdmin(req);
    res.json(templateResponse(await updateTemplate(context, parseTemplateId(req.params.id), parseTemplateChange(req.body), staff.userId)));
  });

  router.delete('/api/emails/templates/:id', async (req, res) => {
    await requireAdmin(req);
    await deleteTemplate(context, parseTemplateId(req.params.id));
    res.status(204).end();
  });

  router.get('/api/emails/placeholders', async (req, res) => {
    await requireAdmin(req);
    const { context: templateContext } = parsePlaceholdersQuery({ ...req.query });
    const groups = placeholderTree[templateContext];
    res.json({
      context: templateContext,
      groups: Object.entries(groups).map(([group, leaves]) => ({
        name: group,
        placeholders: Object.entries(leaves).map(([leaf, description]) => ({
          path: `${group}.${leaf}`,
          description,
          portalLink: portalLinkPaths.includes(`${group}.${leaf}`),
        })),
      })),
    });
  });

  return router;
}
