import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import type { ContractsDatabase } from '../persistence/client.js';
import { ensureReachableCustomer, requireReachableContract } from '../domain/contracts/access.js';
import { today } from '../domain/contracts/contract.js';
import { createContract } from '../domain/contracts/create-contract.js';
import { endContract } from '../domain/contracts/end-contract.js';
import { getContractDetail } from '../domain/contracts/get-contract.js';
import { listCustomerContracts } from '../domain/contracts/list-contracts.js';
import { updateContract } from '../domain/contracts/update-contract.js';
import { changeContractRoute, createContractRoute, endContractRoute, getContractRoute, listContractsRoute } from './api-description.js';
import { contractDetailResponse, contractResponse } from './contracts.schemas.js';

/** docs/contracts.md: writes need contracts.manage; reads, a staff user reaching the customer (their descriptions say so). */
export function contractsRoutes(db: ContractsDatabase): Router {
  const router = Router();

  serve(router, createContractRoute, async ({ principal: staff, body: { customerId, fields } }, _req, res) => {
    await ensureReachableCustomer(db, staff, customerId);
    const contract = await createContract(db, customerId, fields, staff.userId);
    res.status(201).location(`/api/contracts/${contract.id}`).json(contractResponse(contract));
  });

  serve(router, listContractsRoute, async ({ principal: staff, query: { customerId, state } }, _req, res) => {
    await ensureReachableCustomer(db, staff, customerId);
    res.json({ items: (await listCustomerContracts(db, customerId, state)).map(contractResponse) });
  });

  serve(router, getContractRoute, async ({ principal: staff, params }, _req, res) => {
    const contract = await requireReachableContract(db, staff, params.id);
    res.json(contractDetailResponse(await getContractDetail(db, contract)));
  });

  serve(router, changeContractRoute, async ({ principal: staff, params, body: { version, changes } }, _req, res) => {
    const { id } = await requireReachableContract(db, staff, params.id);
    res.json(contractResponse(await updateContract(db, id, version, changes, staff.userId)));
  });

  serve(router, endContractRoute, async ({ principal: staff, params, body: { endDate, version } }, _req, res) => {
    const { id } = await requireReachableContract(db, staff, params.id);
    res.json(contractResponse(await endContract(db, id, endDate ?? today(), version, staff.userId)));
  });

  return router;
}
