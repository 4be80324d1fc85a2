import { Router } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomerGroup } from '../domain/create-customer-group.js';
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
    requireAnyPermission(req, customerReaders);
    res.json({ items: (await listCustomerGroups(db)).map(customerGroupResponse) });
  });

  router.patch('/api/customer-groups/:id', async (req, res) => {
    requirePermission(req, manage);
    res.json(customerGroupResponse(await renameCustomerGroup(db, parseCustomerGroupId(req.params.id), parseCustomerGroup(req.body))));
  });

  router.delete('/api/customer-groups/:id', async (req, res) => {
    requirePermission(req, manage);
    await deleteCustomerGroup(db, parseCustomerGroupId(req.params.id));
    res.status(204).end();
  });

  // Membership is the customer's groupId: joining one group leaves any other.
  router.put('/api/customer-groups/:id/customers/:customerId', async (req, res) => {
    requirePermission(req, manage);
    await updateCustomer(db, parseCustomerId(req.params.customerId), { groupId: parseCustomerGroupId(req.params.id) });
    res.status(204).end();
  });

  router.delete('/api/customer-groups/:id/customers/:customerId', async (req, res) => {
    requirePermission(req, manage);
    await removeCustomerFromGroup(db, parseCustomerGroupId(req.params.id), parseCustomerId(req.params.customerId));
    res.status(204).end();
  });

  return router;
}
