import { Router } from 'express';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { findAutomation, listAutomations, listRuns, recentContractEvents, sampleTickets, templateContexts } from '../persistence/automation.repository.js';
import { dryRun } from '../domain/automations/dry-run.js';
import { AutomationNotFoundError, changeAutomation, createAutomation, removeAutomation } from '../domain/automations/manage-automations.js';
import { checkAutomation } from '../domain/automations/validate-automation.js';
import { conditionValues, triggers } from '../domain/automations/triggers.js';
import type { Automation } from '../domain/automations/automation.js';
import { planOptions } from '../domain/automations/plan-options.js';
import { reloadCatalogue } from '../domain/automations/catalogue-store.js';
import { requireNotifierAdmin } from './require-admin.js';
import {
  automationRunsRoute,
  changeAutomationRoute,
  createAutomationRoute,
  deleteAutomationRoute,
  dryRunRoute,
  getAutomationRoute,
  listAutomationsRoute,
  sampleContractEventsRoute,
  sampleTicketsRoute,
  triggersRoute,
  unsavedDryRunRoute,
} from './api-description.js';
import { automationResponse, decodeRunCursor, encodeRunCursor, runResponse, sampleContractEventResponse } from './automations.schemas.js';

/** Administration of automations (issue 12 item 1): list, create, edit, toggle, delete, dry run, run log. */
export function automationsRoutes({ db, config }: { db: NotifierDatabase; config: NotifierConfig }): Router {
  const router = Router();
  const admin = (staff: StaffPrincipal): Promise<StaffPrincipal> => requireNotifierAdmin(db.client, staff, permissions.manageAutomations.name);
  // Whether there is a portal is the catalogue's (it follows the customer-app projection).
  const dryRunOptions = async () => {
    const { sender, portal, companyName } = planOptions(config, await reloadCatalogue(db));
    return { sender, portal, companyName };
  };

  serve(router, listAutomationsRoute, async ({ principal }, _req, res) => {
    await admin(principal);
    res.json({ items: (await listAutomations(db.client)).map(automationResponse) });
  });

  serve(router, createAutomationRoute, async ({ principal, body }, _req, res) => {
    const staff = await admin(principal);
    const automation = await createAutomation(db, body, staff.userId);
    res.status(201).location(`/api/automations/${automation.id}`).json(automationResponse(automation));
  });

  // Before '/:id', which would take these for ids.
  serve(router, triggersRoute, async ({ principal }, _req, res) => {
    await admin(principal);
    res.json({
      items: triggers.map((trigger) => ({
        trigger: trigger.key,
        label: trigger.label,
        about: trigger.about,
        event: trigger.event,
        conditionFields: trigger.conditionFields.map((field) => ({ field, values: conditionValues[field] ?? null })),
        recipients: trigger.recipients,
        contexts: trigger.contexts,
        personal: trigger.personal,
      })),
    });
  });

  serve(router, sampleTicketsRoute, async ({ principal }, _req, res) => {
    await admin(principal);
    res.json({ items: (await sampleTickets(db.client, 20)).map(({ ticketId, number, subject, status }) => ({ id: ticketId, number, subject, status })) });
  });

  // What a contract trigger's dry run can be tried on (contractId): the newest contract event of each type per contract.
  serve(router, sampleContractEventsRoute, async ({ principal, query: { trigger } }, _req, res) => {
    await admin(principal);
    const samples = await recentContractEvents(db.client, { type: trigger }, 20);
    res.json({ items: samples.map(sampleContractEventResponse) });
  });

  serve(router, unsavedDryRunRoute, async ({ principal, body: { automation, target } }, _req, res) => {
    await admin(principal);
    checkAutomation(automation, await templateContexts(db.client, automation.actions.map((action) => action.templateId)));
    const unsaved: Automation = { ...automation, id: '00000000-0000-4000-8000-000000000000', code: 'new', version: 0, createdAt: new Date(), updatedAt: new Date(), updatedBy: null };
    res.json(await dryRun(db.client, unsaved, target, await dryRunOptions()));
  });

  serve(router, getAutomationRoute, async ({ principal, params: { id } }, _req, res) => {
    await admin(principal);
    res.json(automationResponse(await existing(id)));
  });

  serve(router, changeAutomationRoute, async ({ principal, params: { id }, body }, _req, res) => {
    const staff = await admin(principal);
    res.json(automationResponse(await changeAutomation(db, id, body, staff.userId)));
  });

  serve(router, deleteAutomationRoute, async ({ principal, params: { id } }, _req, res) => {
    await admin(principal);
    await removeAutomation(db, id);
    res.status(204).end();
  });

  serve(router, dryRunRoute, async ({ principal, params: { id }, body }, _req, res) => {
    await admin(principal);
    res.json(await dryRun(db.client, await existing(id), body, await dryRunOptions()));
  });

  serve(router, automationRunsRoute, async ({ principal, params: { id }, query: { cursor, limit } }, _req, res) => {
    await admin(principal);
    const automation = await existing(id);
    const runs = await listRuns(db.client, automation.id, cursor ? decodeRunCursor(cursor) : undefined, limit);
    const last = runs.length === limit ? runs[runs.length - 1] : undefined;
    res.json({ items: runs.map(runResponse), next: last ? encodeRunCursor(last) : null });
  });

  async function existing(id: string): Promise<Automation> {
    const automation = await findAutomation(db.client, id);
    if (!automation) throw new AutomationNotFoundError(id);
    return automation;
  }

  return router;
}
