import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomer } from '../domain/create-customer.js';
import { customerAccessOfStaff, ensureReachableCustomer, ensureReachableGroup } from '../domain/customer-access.js';
import { getCustomerOverview } from '../domain/get-customer-overview.js';
import { listCustomers } from '../domain/list-customers.js';
import { updateCustomer } from '../domain/update-customer.js';
import { changeCustomerRoute, createCustomerRoute, getCustomerRoute, listCustomersRoute } from './api-description.js';
import { customerOverviewResponse, customerPageResponse, customerResponse } from './customers.schemas.js';

export function customersRoutes(db: CustomersDatabase): Router {
  const router = Router();

  serve(router, createCustomerRoute, async ({ principal: staff, body: input }, _req, res) => {
    if (input.groupId) await ensureReachableGroup(db, await customerAccessOfStaff(db, staff), input.groupId, 'see');
    const customer = await createCustomer(db, input);
    res.status(201).location(`/api/customers/${customer.id}`).json(customerResponse(customer));
  });

  serve(router, listCustomersRoute, async ({ principal: staff, query }, _req, res) => {
    res.json(customerPageResponse(await listCustomers(db, await customerAccessOfStaff(db, staff), query)));
  });

  serve(router, getCustomerRoute, async ({ principal: staff, params: { id } }, _req, res) => {
    ensureReachableCustomer(await customerAccessOfStaff(db, staff), id);
    res.json(customerOverviewResponse(await getCustomerOverview(db, id)));
  });

  serve(router, changeCustomerRoute, async ({ principal: staff, params: { id }, body: changes }, _req, res) => {
    const access = await customerAccessOfStaff(db, staff);
    ensureReachableCustomer(access, id);
    if (changes.groupId) await ensureReachableGroup(db, access, changes.groupId, 'see');
    res.json(customerResponse(await updateCustomer(db, id, changes)));
  });

  return router;
}
