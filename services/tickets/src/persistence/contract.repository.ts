import { saveNewer } from '@helpdesk/db';
import type { Tx } from './client.js';

/** What the check of a ticket's contract needs of a contract; dates are YYYY-MM-DD. */
export interface ContractState {
  id: string;
  customerId: string;
  description: string;
  startDate: string | null;
  endDate: string | null;
  endedOn: string | null;
}

/** Keeps the newest state of a contract by its version: an older event changes nothing, whenever it arrives. */
export function saveContract(tx: Tx, contract: ContractState, version: number): Promise<void> {
  return saveNewer(tx, 'contracts', contract.id, [
    {
      version,
      set: {
        customer_id: contract.customerId,
        description: contract.description,
        start_date: contract.startDate,
        end_date: contract.endDate,
        ended_on: contract.endedOn,
      },
    },
  ]);
}
