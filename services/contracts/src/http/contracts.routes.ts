import { Router } from 'express';
import { permissions, requirePermission, requireStaff } from '@helpdesk/http';
import type { ContractsDatabase } from '../persistence/client.js';
import { ensureReachableCustomer, requireReachableContract } from '../domain/contracts/access.js';
import { today } from '../domain/contracts/contract.js';
import { createContract } from '../domain/contracts/create-contract.js';
import { endContract } from '../domain/contracts/end-contract.js';
import { getContractDetail } from '../domain/contracts/get-contract.js';
import { listCustomerContracts } from '../domain/contracts/list-contracts.js';
import { updateContract } from '../domain/contracts/update-contract.js';
import {
  contractDetailResponse,
  contractResponse,
  parseContractChange,
  parseContractEnd,
  parseContractId,
  parseContractQuery,
  parseNewContract,
} from './contracts.schemas.js';

/** docs/contracts.md: writes need contracts.manage; reads, a staff user reaching the customer. */
export function contractsRoutes(db: ContractsDatabase): Router {
  const router = Router();
  const manage = permissions.manageContracts.name;

  router.post('/api/contracts', async (req, res) => {
    const staff = requirePermission(req, manage);
    const { customerId, fields } = parseNewContract(req.body);
    await ensureReachableCustomer(db, staff, customerId);
    const contract = await createContract(db, customerId, fields, staff.userId);
    res.status(201).location(`/api/contracts/${contract.id}`).json(contractResponse(contract));
  });

  router.get('/api/contracts', async (req, res) => {
    const staff = requireStaff(req);
    const { customerId, state } = parseContractQuery(req.query);
    await ensureReachableCustomer(db, staff, customerId);
    res.json({ items: (await listCustomerContracts(db, customerId, state)).map(contractResponse) });
  });

  router.get('/api/contracts/:id', async (req, res) => {
    const staff = requireStaff(req);
    const contract = await requireReachableContract(db, staff, parseContractId(req.params.id));
    res.json(contractDetailResponse(await getContractDetail(db, contract)));
  });

  router.patch('/api/contracts/:id', async (req, res) => {
    const staff = requirePermission(req, manage);
    const { id } = await requireReachableContract(db, staff, parseContractId(req.params.id));
    const { version, changes } = parseContractChange(req.body);
    res.json(contractResponse(await updateContract(db, id, version, changes, staff.userId)));
  });

  router.post('/api/contracts/:id/end', async (req, res) => {
    const staff = requirePermission(req, manage);
    const { id } = await requireReachableContract(db, staff, parseContractId(req.params.id));
    const { endDate, version } = parseContractEnd(req.body ?? {});
    res.json(contractResponse(await endContract(db, id, endDate ?? today(), version, staff.userId)));
  });

  return router;
}
