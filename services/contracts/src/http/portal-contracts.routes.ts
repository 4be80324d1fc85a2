import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import type { ContractsDatabase } from '../persistence/client.js';
import { listPortalContracts } from '../domain/contracts/list-portal-contracts.js';
import { portalContractsRoute } from './api-description.js';
import { portalContractResponse } from './contracts.schemas.js';

/** A portal contact's contracts: always those of the principal's customer, never one from the request. */
export function portalContractsRoutes(db: ContractsDatabase): Router {
  const router = Router();
  serve(router, portalContractsRoute, async ({ principal: { customerId } }, _req, res) => {
    res.json({ items: (await listPortalContracts(db, customerId)).map(portalContractResponse) });
  });
  return router;
}
