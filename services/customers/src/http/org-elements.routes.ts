import { Router } from 'express';
import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { serve } from '@helpdesk/openapi';
import type { CustomersDatabase } from '../persistence/client.js';
import { addOrgElement } from '../domain/add-org-element.js';
import { reachableCustomerId } from './reachable-customer.js';
import { removeOrgElement } from '../domain/remove-org-element.js';
import { updateOrgElement } from '../domain/update-org-element.js';
import { areasApi, locationsApi, type OrgElementApi } from './api-description.js';
import { areaRoutes, locationRoutes, type OrgElementRoutes } from './org-elements.schemas.js';

/** Staff manage a customer's locations and areas; the customer overview lists them. */
export function orgElementsRoutes(db: CustomersDatabase): Router {
  const router = Router();
  mount(router, db, locationRoutes, locationsApi);
  mount(router, db, areaRoutes, areasApi);
  return router;
}

function mount<Row extends AggregateVersion, Fields extends { name: string }>(
  router: Router,
  db: CustomersDatabase,
  spec: OrgElementRoutes<Row, Fields>,
  api: OrgElementApi<Row, Fields>,
): void {
  serve(router, api.add, async ({ principal: staff, params, body }, _req, res) => {
    const customerId = await reachableCustomerId(db, staff, params.id);
    const row = await addOrgElement(db, spec.kind, customerId, body);
    res.status(201).location(`/api/customers/${customerId}/${spec.path}/${row.id}`).json(spec.response(row));
  });

  serve(router, api.change, async ({ principal: staff, params, body }, _req, res) => {
    const customerId = await reachableCustomerId(db, staff, params.id);
    res.json(spec.response(await updateOrgElement(db, spec.kind, customerId, params.elementId, body)));
  });

  serve(router, api.remove, async ({ principal: staff, params }, _req, res) => {
    const customerId = await reachableCustomerId(db, staff, params.id);
    await removeOrgElement(db, spec.kind, customerId, params.elementId);
    res.status(204).end();
  });
}
