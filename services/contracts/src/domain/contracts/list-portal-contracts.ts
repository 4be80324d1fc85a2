import type { ContractsDatabase } from '../../persistence/client.js';
import type { Contract } from '../../persistence/contract.repository.js';
import { findStaffUsers } from '../../persistence/people.repository.js';
import { listCustomerContracts } from './list-contracts.js';

export interface PortalContract {
  contract: Contract;
  /** The support contact's name: who a customer asks about the contract. */
  supportContactName: string | null;
}

/** A portal contact's view: their customer's contracts current today (not ended, within their term). */
export async function listPortalContracts(db: ContractsDatabase, customerId: string): Promise<PortalContract[]> {
  const contracts = await listCustomerContracts(db, customerId, 'current');
  const staff = await findStaffUsers(db.client, [...new Set(contracts.map((contract) => contract.supportContactId))]);
  const names = new Map(staff.map((user) => [user.id, user.name]));
  return contracts.map((contract) => ({ contract, supportContactName: names.get(contract.supportContactId) ?? null }));
}
