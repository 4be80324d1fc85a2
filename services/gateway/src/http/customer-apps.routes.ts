import { Router } from 'express';
import { permissions, jsonBody, requirePermission } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import type { CustomerApp } from '../persistence/customer-app.repository.js';
import { changeCustomerApp, createCustomerApp, customerApps, portalStatus, removeCustomerApp } from '../domain/manage-customer-apps.js';
import { parseCustomerAppChanges, parseNewCustomerApp } from './customer-apps.schemas.js';
import { parseId } from './staff.schemas.js';

function appResponse(app: CustomerApp) {
  return {
    id: app.id,
    kind: app.kind,
    name: app.name,
    enabled: app.enabled,
    appearance: app.appearance,
    version: app.version,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

/** Administration > Customer Apps (`customer_apps.manage`), and the portal's public status. */
export function customerAppsRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/customer-apps', jsonBody(64 * 1024));
  const allowed = permissions.manageCustomerApps.name;

  router.get('/api/customer-apps', async (req, res) => {
    requirePermission(req, allowed);
    res.json({ items: (await customerApps(db)).map(appResponse) });
  });

  router.post('/api/customer-apps', async (req, res) => {
    const actor = requirePermission(req, allowed);
    const created = await createCustomerApp(db, actor, parseNewCustomerApp(req.body));
    res.status(201).location(`/api/customer-apps/${created.id}`).json(appResponse(created));
  });

  router.patch('/api/customer-apps/:id', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json(appResponse(await changeCustomerApp(db, actor, parseId(req.params.id), parseCustomerAppChanges(req.body))));
  });

  router.delete('/api/customer-apps/:id', async (req, res) => {
    const actor = requirePermission(req, allowed);
    await removeCustomerApp(db, actor, parseId(req.params.id));
    res.status(204).end();
  });

  // Public: the portal page asks before offering a sign-in.
  router.get('/api/portal/status', async (_req, res) => {
    res.json(await portalStatus(db));
  });

  return router;
}
