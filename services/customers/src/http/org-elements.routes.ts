import { Router } from 'express';
import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { addOrgElement } from '../domain/add-org-element.js';
import { reachableCustomerId } from './reachable-customer.js';
import { removeOrgElement } from '../domain/remove-org-element.js';
import { updateOrgElement } from '../domain/update-org-element.js';
import { areaRoutes, locationRoutes, type OrgElementRoutes } from './org-elements.schemas.js';

/** Staff manage a customer's locations and areas; the customer overview lists them. */
export function orgElementsRoutes(db: CustomersDatabase): Router {
  const router = Router();
  mount(router, db, locationRoutes);
  mount(router, db, areaRoutes);
  return router;
}

function mount<Row extends AggregateVersion, Fields extends { name: string }>(
  router: Router,
  db: CustomersDatabase,
  spec: OrgElementRoutes<Row, Fields>,
): void {
  const manage = permissions.manageCustomers.name;
  const collection: string = `/api/customers/:id/${spec.path}`;
  const element: string = `${collection}/:elementId`;

  router.post(collection, async (req, res) => {
    const customerId = await reachableCustomerId(db, req, requirePermission(req, manage));
    const row = await addOrgElement(db, spec.kind, customerId, spec.parseNew(req.body));
    res.status(201).location(`/api/customers/${customerId}/${spec.path}/${row.id}`).json(spec.response(row));
  });

  router.patch(element, async (req, res) => {
    const customerId = await reachableCustomerId(db, req, requirePermission(req, manage));
    const row = await updateOrgElement(db, spec.kind, customerId, spec.parseId(req.params.elementId), spec.parseChanges(req.body));
    res.json(spec.response(row));
  });

  router.delete(element, async (req, res) => {
    const customerId = await reachableCustomerId(db, req, requirePermission(req, manage));
    await removeOrgElement(db, spec.kind, customerId, spec.parseId(req.params.elementId));
    res.status(204).end();
  });
}
