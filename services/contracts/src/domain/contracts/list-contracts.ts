import type { ContractsDatabase } from '../../persistence/client.js';
import { listContracts, type Contract, type ContractState } from '../../persistence/contract.repository.js';
import { today } from './contract.js';

/** A customer's contracts in `state` as of today (current, ended, or all: see listContracts). */
export function listCustomerContracts(db: ContractsDatabase, customerId: string, state: ContractState): Promise<Contract[]> {
  return listContracts(db.client, customerId, state, today());
}
