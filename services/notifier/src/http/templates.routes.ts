import { Router } from 'express';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import { placeholderTree, portalLinkPaths } from '../domain/templates/placeholders.js';
import { createTemplate, deleteTemplate, previewTemplate, TemplateNotFoundError, updateTemplate, type TemplatesContext } from '../domain/templates/manage-templates.js';
import { requireValidTemplate } from '../domain/templates/validate-template.js';
import { findTemplate, listTemplateRecords } from '../persistence/template.repository.js';
import { requireNotifierAdmin } from './require-admin.js';
import {
  changeTemplateRoute,
  createTemplateRoute,
  deleteTemplateRoute,
  getTemplateRoute,
  listTemplatesRoute,
  placeholdersRoute,
  previewTemplateRoute,
  validateTemplateRoute,
} from './api-description.js';
import { templateResponse, templateSummary } from './templates.schemas.js';

/**
 * Email templates (issue 12, item 2): listed, created, edited (with the version loaded: 409 when
 * stale), deleted (not system ones, not while used), checked and previewed against sample values,
 * and the placeholders each context offers. Every route needs automations.manage and access to all
 * customers (require-admin.ts).
 */
export function templatesRoutes(context: TemplatesContext): Router {
  const router = Router();
  const { db } = context;
  const requireAdmin = (staff: StaffPrincipal) => requireNotifierAdmin(db.client, staff, permissions.manageAutomations.name);

  serve(router, listTemplatesRoute, async ({ principal }, _req, res) => {
    await requireAdmin(principal);
    res.json({ items: (await listTemplateRecords(db.client)).map(templateSummary) });
  });

  serve(router, createTemplateRoute, async ({ principal, body }, _req, res) => {
    const staff = await requireAdmin(principal);
    const created = await createTemplate(context, body, staff.userId);
    res.status(201).location(`/api/emails/templates/${created.id}`).json(templateResponse(created));
  });

  // Before '/:id', which would take "validate" and "preview" for ids.
  serve(router, validateTemplateRoute, async ({ principal, body: { context: templateContext, subject, html, text } }, _req, res) => {
    await requireAdmin(principal);
    res.json({ placeholders: requireValidTemplate(templateContext, { subject, html, text: text ?? null }, context.portalUrl) });
  });

  serve(router, previewTemplateRoute, async ({ principal, query: { portalEnabled: inQuery }, body: { portalEnabled: inBody, ...request } }, _req, res) => {
    await requireAdmin(principal);
    const { subject, html, text, portalLinkRendered, context: templateContext } = await previewTemplate(context, { ...request, portalEnabled: inBody ?? inQuery ?? true });
    res.json({ context: templateContext, subject, html, text, portalLinkRendered });
  });

  serve(router, getTemplateRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAdmin(principal);
    const template = await findTemplate(db.client, id);
    if (!template) throw new TemplateNotFoundError(id);
    res.json(templateResponse(template));
  });

  serve(router, changeTemplateRoute, async ({ principal, params: { id }, body }, _req, res) => {
    const staff = await requireAdmin(principal);
    res.json(templateResponse(await updateTemplate(context, id, body, staff.userId)));
  });

  serve(router, deleteTemplateRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAdmin(principal);
    await deleteTemplate(context, id);
    res.status(204).end();
  });

  serve(router, placeholdersRoute, async ({ principal, query: { context: templateContext } }, _req, res) => {
    await requireAdmin(principal);
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
