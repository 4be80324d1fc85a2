import { pgExecutor } from '@helpdesk/db';
import type { StaffPrincipal } from '@helpdesk/http';
import type { ContractsDatabase } from '../../persistence/client.js';
import { findContractEntries, type ContractTimeEntry } from '../../persistence/time-entry.repository.js';
import { requireReachableContract } from '../contracts/access.js';

export interface ContractTimePage {
  entries: ContractTimeEntry[];
  /** The last entry of this page when another page follows it. */
  next: ContractTimeEntry | null;
}

/** A page of the time billed to a contract, for staff who reach its customer (404 beyond, as if it did not exist). */
export async function contractTime(db: ContractsDatabase, staff: StaffPrincipal, contractId: string, page: { before?: { at: Date; id: string }; limit: number }): Promise<ContractTimePage> {
  await requireReachableContract(db, staff, contractId);
  const rows = await findContractEntries(pgExecutor(db.pool), contractId, page);
  const entries = rows.slice(0, page.limit);
  return { entries, next: rows.length > page.limit ? entries[entries.length - 1]! : null };
}
