import { Router } from 'express';
import type { StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomerGroup } from '../domain/create-customer-group.js';
import { customerAccessOfStaff, ensureReachableGroup } from '../domain/customer-access.js';
import { deleteCustomerGroup } from '../domain/delete-customer-group.js';
import { listCustomerGroups } from '../domain/list-customer-groups.js';
import { removeCustomerFromGroup } from '../domain/remove-customer-from-group.js';
import { renameCustomerGroup } from '../domain/rename-customer-group.js';
import { updateCustomer } from '../domain/update-customer.js';
import {
  createCustomerGroupRoute,
  deleteCustomerGroupRoute,
  joinCustomerGroupRoute,
  leaveCustomerGroupRoute,
  listCustomerGroupsRoute,
  renameCustomerGroupRoute,
} from './api-description.js';
import { customerGroupResponse } from './customer-groups.schemas.js';
import { reachableCustomerId } from './reachable-customer.js';

export function customerGroupsRoutes(db: CustomersDatabase): Router {
  const router = Router();

  serve(router, createCustomerGroupRoute, async ({ body }, _req, res) => {
    const group = await createCustomerGroup(db, body);
    res.status(201).location(`/api/customer-groups/${group.id}`).json(customerGroupResponse(group));
  });

  serve(router, listCustomerGroupsRoute, async ({ principal: staff }, _req, res) => {
    res.json({ items: (await listCustomerGroups(db, await customerAccessOfStaff(db, staff))).map(customerGroupResponse) });
  });

  serve(router, renameCustomerGroupRoute, async ({ principal: staff, params, body }, _req, res) => {
    res.json(customerGroupResponse(await renameCustomerGroup(db, await reachableGroupId(staff, params.id, 'change'), body)));
  });

  serve(router, deleteCustomerGroupRoute, async ({ principal: staff, params }, _req, res) => {
    await deleteCustomerGroup(db, await reachableGroupId(staff, params.id, 'change'));
    res.status(204).end();
  });

  // Membership is the customer's groupId: joining one group leaves any other.
  serve(router, joinCustomerGroupRoute, async ({ principal: staff, params }, _req, res) => {
    const groupId = await reachableGroupId(staff, params.id, 'see');
    await updateCustomer(db, await reachableCustomerId(db, staff, params.customerId), { groupId });
    res.status(204).end();
  });

  serve(router, leaveCustomerGroupRoute, async ({ principal: staff, params }, _req, res) => {
    const groupId = await reachableGroupId(staff, params.id, 'see');
    await removeCustomerFromGroup(db, groupId, await reachableCustomerId(db, staff, params.customerId));
    res.status(204).end();
  });

  /** The group, if the caller may see it (or change it: see ensureReachableGroup); 404 otherwise. */
  async function reachableGroupId(staff: StaffPrincipal, id: string, use: 'see' | 'change'): Promise<string> {
    await ensureReachableGroup(db, await customerAccessOfStaff(db, staff), id, use);
    return id;
  }

  return router;
}
