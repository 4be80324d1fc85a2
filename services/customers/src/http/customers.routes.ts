import { Router } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomer } from '../domain/create-customer.js';
import { customerAccessOfStaff, ensureReachableCustomer, ensureReachableGroup } from '../domain/customer-access.js';
import { getCustomerOverview } from '../domain/get-customer-overview.js';
import { listCustomers } from '../domain/list-customers.js';
import { updateCustomer } from '../domain/update-customer.js';
import {
  customerOverviewResponse,
  customerPageResponse,
  customerResponse,
  parseCustomerChanges,
  parseCustomerQuery,
  parseNewCustomer,
} from './customers.schemas.js';
import { parseCustomerId } from './ids.schemas.js';
import { customerReaders, requireAnyPermission } from './require-any-permission.js';

export function customersRoutes(db: CustomersDatabase): Router {
  const router = Router();

  router.post('/api/customers', async (req, res) => {
    const staff = requirePermission(req, permissions.manageCustomers.name);
    const input = parseNewCustomer(req.body);
    if (input.groupId) await ensureReachableGroup(db, await customerAccessOfStaff(db, staff), input.groupId, 'see');
    const customer = await createCustomer(db, input);
    res.status(201).location(`/api/customers/${customer.id}`).json(customerResponse(customer));
  });

  router.get('/api/customers', async (req, res) => {
    const staff = requireAnyPermission(req, customerReaders);
    const query = parseCustomerQuery(req.query);
    res.json(customerPageResponse(await listCustomers(db, await customerAccessOfStaff(db, staff), query)));
  });

  router.get('/api/customers/:id', async (req, res) => {
    const staff = requireAnyPermission(req, customerReaders);
    const id = parseCustomerId(req.params.id);
    ensureReachableCustomer(await customerAccessOfStaff(db, staff), id);
    res.json(customerOverviewResponse(await getCustomerOverview(db, id)));
  });

  router.patch('/api/customers/:id', async (req, res) => {
    const staff = requirePermission(req, permissions.manageCustomers.name);
    const id = parseCustomerId(req.params.id);
    const changes = parseCustomerChanges(req.body);
    const access = await customerAccessOfStaff(db, staff);
    ensureReachableCustomer(access, id);
    if (changes.groupId) await ensureReachableGroup(db, access, changes.groupId, 'see');
    res.json(customerResponse(await updateCustomer(db, id, changes)));
  });

  return router;
}
