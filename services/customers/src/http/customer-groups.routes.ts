import { Router, type Request } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomerGroup } from '../domain/create-customer-group.js';
import { customerAccessOfStaff, ensureReachableCustomer, ensureReachableGroup } from '../domain/customer-access.js';
import { deleteCustomerGroup } from '../domain/delete-customer-group.js';
import { listCustomerGroups } from '../domain/list-customer-groups.js';
import { removeCustomerFromGroup } from '../domain/remove-customer-from-group.js';
import { renameCustomerGroup } from '../domain/rename-customer-group.js';
import { updateCustomer } from '../domain/update-customer.js';
import { customerGroupResponse, parseCustomerGroup } from './customer-groups.schemas.js';
import { parseCustomerGroupId, parseCustomerId } from './ids.schemas.js';
import { customerReaders, requireAnyPermission } from './require-any-permission.js';

export function customerGroupsRoutes(db: CustomersDatabase): Router {
  const router = Router();
  const manage = permissions.manageCustomers.name;

  router.post('/api/customer-groups', async (req, res) => {
    requirePermission(req, manage);
    const group = await createCustomerGroup(db, parseCustomerGroup(req.body));
    res.status(201).location(`/api/customer-groups/${group.id}`).json(customerGroupResponse(group));
  });

  router.get('/api/customer-groups', async (req, res) => {
    const staff = requireAnyPermission(req, customerReaders);
    res.json({ items: (await listCustomerGroups(db, await customerAccessOfStaff(db, staff))).map(customerGroupResponse) });
  });

  router.patch('/api/customer-groups/:id', async (req, res) => {
    const id = await reachableGroupId(req, 'change');
    res.json(customerGroupResponse(await renameCustomerGroup(db, id, parseCustomerGroup(req.body))));
  });

  router.delete('/api/customer-groups/:id', async (req, res) => {
    await deleteCustomerGroup(db, await reachableGroupId(req, 'change'));
    res.status(204).end();
  });

  // Membership is the customer's groupId: joining one group leaves any other.
  router.put('/api/customer-groups/:id/customers/:customerId', async (req, res) => {
    const groupId = await reachableGroupId(req, 'see');
    await updateCustomer(db, await reachableMemberId(req), { groupId });
    res.status(204).end();
  });

  router.delete('/api/customer-groups/:id/customers/:customerId', async (req, res) => {
    const groupId = await reachableGroupId(req, 'see');
    await removeCustomerFromGroup(db, groupId, await reachableMemberId(req));
    res.status(204).end();
  });

  /** The group of the path, if the caller may see it (or change it: see ensureReachableGroup); 404 otherwise. */
  async function reachableGroupId(req: Request, use: 'see' | 'change'): Promise<string> {
    const staff = requirePermission(req, manage);
    const id = parseCustomerGroupId(req.params.id);
    await ensureReachableGroup(db, await customerAccessOfStaff(db, staff), id, use);
    return id;
  }

  async function reachableMemberId(req: Request): Promise<string> {
    const id = parseCustomerId(req.params.customerId);
    ensureReachableCustomer(await customerAccessOfStaff(db, requirePermission(req, manage)), id);
    return id;
  }

  return router;
}
