import { Router } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { createCustomer } from '../domain/create-customer.js';
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
    requirePermission(req, permissions.manageCustomers.name);
    const customer = await createCustomer(db, parseNewCustomer(req.body));
    res.status(201).location(`/api/customers/${customer.id}`).json(customerResponse(customer));
  });

  router.get('/api/customers', async (req, res) => {
    requireAnyPermission(req, customerReaders);
    res.json(customerPageResponse(await listCustomers(db, parseCustomerQuery(req.query))));
  });

  router.get('/api/customers/:id', async (req, res) => {
    requireAnyPermission(req, customerReaders);
    res.json(customerOverviewResponse(await getCustomerOverview(db, parseCustomerId(req.params.id))));
  });

  router.patch('/api/customers/:id', async (req, res) => {
    requirePermission(req, permissions.manageCustomers.name);
    res.json(customerResponse(await updateCustomer(db, parseCustomerId(req.params.id), parseCustomerChanges(req.body))));
  });

  return router;
}
