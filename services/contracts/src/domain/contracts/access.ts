import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOf, reaches } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { findContract, type Contract } from '../../persistence/contract.repository.js';
import { ContractNotFoundError, CustomerNotFoundError } from './errors.js';

/**
 * Staff reach a customer's contracts through their teams' ticket access (libs/team-access, from this
 * service's projection of the teams); what is out of reach is answered 404, as if it did not exist.
 */
export async function ensureReachableCustomer(db: ContractsDatabase, staff: StaffPrincipal, customerId: string): Promise<void> {
  if (!reaches(await customerAccessOf(db.client, staff), customerId)) throw new CustomerNotFoundError(customerId);
}

/** The contract, if the caller reaches its customer (a contract never moves to another customer). */
export async function requireReachableContract(db: ContractsDatabase, staff: StaffPrincipal, id: string): Promise<Contract> {
  const contract = await findContract(db.client, id);
  if (!contract || !reaches(await customerAccessOf(db.client, staff), contract.customerId)) throw new ContractNotFoundError(id);
  return contract;
}
