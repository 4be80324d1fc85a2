import { Router, type Request } from 'express';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
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
  automationResponse,
  decodeRunCursor,
  encodeRunCursor,
  parseAutomationChange,
  parseAutomationId,
  parseDryRun,
  parseNewAutomation,
  parseRunsQuery,
  parseSampleContractEventsQuery,
  parseUnsavedAutomationDryRun,
  runResponse,
  sampleContractEventResponse,
} from './automations.schemas.js';

/** Administration of automations (issue 12 item 1): list, create, edit, toggle, delete, dry run, run log. */
export function automationsRoutes({ db, config }: { db: NotifierDatabase; config: NotifierConfig }): Router {
  const router = Router();
  const admin = (req: Request): Promise<StaffPrincipal> => requireNotifierAdmin(db.client, req, permissions.manageAutomations.name);
  // Whether there is a portal is the catalogue's (it follows the customer-app projection).
  const dryRunOptions = async () => {
    const { sender, portal, companyName } = planOptions(config, await reloadCatalogue(db));
    return { sender, portal, companyName };
  };

  router.get('/api/automations', async (req, res) => {
    await admin(req);
    res.json({ items: (await listAutomations(db.client)).map(automationResponse) });
  });

  router.post('/api/automations', async (req, res) => {
    const staff = await admin(req);
    const automation = await createAutomation(db, parseNewAutomation(req.body), staff.userId);
    res.status(201).location(`/api/automations/${automation.id}`).json(automationResponse(automation));
  });

  // Before '/:id', which would take these for ids.
  router.get('/api/automations/triggers', async (req, res) => {
    await admin(req);
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

  router.get('/api/automations/sample-tickets', async (req, res) => {
    await admin(req);
    res.json({ items: (await sampleTickets(db.client, 20)).map(({ ticketId, number, subject, status }) => ({ id: ticketId, number, subject, status })) });
  });

  // What a contract trigger's dry run can be tried on (contractId): the newest contract event of each type per contract.
  router.get('/api/automations/sample-contract-events', async (req, res) => {
    await admin(req);
    const { trigger } = parseSampleContractEventsQuery({ ...req.query });
    const samples = await recentContractEvents(db.client, { type: trigger }, 20);
    res.json({ items: samples.map(sampleContractEventResponse) });
  });

  router.post('/api/automations/dry-run', async (req, res) => {
    await admin(req);
    const { automation, target } = parseUnsavedAutomationDryRun(req.body);
    checkAutomation(automation, await templateContexts(db.client, automation.actions.map((action) => action.templateId)));
    const unsaved: Automation = { ...automation, id: '00000000-0000-4000-8000-000000000000', code: 'new', version: 0, createdAt: new Date(), updatedAt: new Date(), updatedBy: null };
    res.json(await dryRun(db.client, unsaved, target, await dryRunOptions()));
  });

  router.get('/api/automations/:id', async (req, res) => {
    await admin(req);
    res.json(automationResponse(await existing(req.params.id)));
  });

  router.patch('/api/automations/:id', async (req, res) => {
    const staff = await admin(req);
    res.json(automationResponse(await changeAutomation(db, parseAutomationId(req.params.id), parseAutomationChange(req.body), staff.userId)));
  });

  router.delete('/api/automations/:id', async (req, res) => {
    await admin(req);
    await removeAutomation(db, parseAutomationId(req.params.id));
    res.status(204).end();
  });

  router.post('/api/automations/:id/dry-run', async (req, res) => {
    await admin(req);
    const automation = await existing(req.params.id);
    res.json(await dryRun(db.client, automation, parseDryRun(req.body ?? {}), await dryRunOptions()));
  });

  router.get('/api/automations/:id/runs', async (req, res) => {
    await admin(req);
    const automation = await existing(req.params.id);
    const { cursor, limit } = parseRunsQuery({ ...req.query });
    const runs = await listRuns(db.client, automation.id, cursor ? decodeRunCursor(cursor) : undefined, limit);
    const last = runs.length === limit ? runs[runs.length - 1] : undefined;
    res.json({ items: runs.map(runResponse), next: last ? encodeRunCursor(last) : null });
  });

  async function existing(rawId: string | undefined): Promise<Automation> {
    const id = parseAutomationId(rawId);
    const automation = await findAutomation(db.client, id);
    if (!automation) throw new AutomationNotFoundError(id);
    return automation;
  }

  return router;
}
