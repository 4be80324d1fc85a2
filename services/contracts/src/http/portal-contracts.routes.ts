import { Router } from 'express';
import { requireContact } from '@helpdesk/http';
import type { ContractsDatabase } from '../persistence/client.js';
import { listPortalContracts } from '../domain/contracts/list-portal-contracts.js';
import { portalContractResponse } from './contracts.schemas.js';

/** A portal contact's contracts: always those of the principal's customer, never one from the request. */
export function portalContractsRoutes(db: ContractsDatabase): Router {
  const router = Router();
  router.get('/api/portal/contracts', async (req, res) => {
    const { customerId } = requireContact(req);
    res.json({ items: (await listPortalContracts(db, customerId)).map(portalContractResponse) });
  });
  return router;
}
