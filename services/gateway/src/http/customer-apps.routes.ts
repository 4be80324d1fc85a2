import { Router } from 'express';
import { jsonBody } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayDatabase } from '../persistence/client.js';
import type { CustomerApp } from '../persistence/customer-app.repository.js';
import { changeCustomerApp, createCustomerApp, customerApps, portalStatus, removeCustomerApp } from '../domain/manage-customer-apps.js';
import { changeCustomerAppRoute, createCustomerAppRoute, deleteCustomerAppRoute, listCustomerAppsRoute, portalStatusRoute } from './api-description.js';

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

  serve(router, listCustomerAppsRoute, async (_request, _req, res) => {
    res.json({ items: (await customerApps(db)).map(appResponse) });
  });

  serve(router, createCustomerAppRoute, async ({ principal: actor, body }, _req, res) => {
    const created = await createCustomerApp(db, actor, body);
    res.status(201).location(`/api/customer-apps/${created.id}`).json(appResponse(created));
  });

  serve(router, changeCustomerAppRoute, async ({ principal: actor, params: { id }, body }, _req, res) => {
    res.json(appResponse(await changeCustomerApp(db, actor, id, body)));
  });

  serve(router, deleteCustomerAppRoute, async ({ principal: actor, params: { id } }, _req, res) => {
    await removeCustomerApp(db, actor, id);
    res.status(204).end();
  });

  // Public: the portal page asks before offering a sign-in.
  serve(router, portalStatusRoute, async (_request, _req, res) => {
    res.json(await portalStatus(db));
  });

  return router;
}
