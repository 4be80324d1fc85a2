import { contractEndedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import { invalidInput } from '@helpdesk/validation';
import type { ContractsDatabase } from '../../persistence/client.js';
import { addHistory, updateContract, type Contract } from '../../persistence/contract.repository.js';
import { calendarDay, contractSnapshot } from './contract.js';
import { ContractAlreadyEndedError, ContractChangedMeanwhileError } from './errors.js';
import { requireLockedContract } from './update-contract.js';

/**
 * Ends a contract before its term: its end date becomes `endDate` (not before the start, not after
 * the end it had), recorded as the day it was ended on. The people on it need not be current
 * (docs/contracts.md, People who leave), so no other rule is checked.
 */
export function endContract(db: ContractsDatabase, id: string, endDate: string, version: number | undefined, actorId: string): Promise<Contract> {
  return db.transaction(async (tx) => {
    const current = await requireLockedContract(tx, id);
    if (version !== undefined && current.detailsVersion !== version) throw new ContractChangedMeanwhileError(id, current.detailsVersion);
    if (current.endedOn !== null) throw new ContractAlreadyEndedError(id, calendarDay(current.endedOn)!);
    const start = calendarDay(current.startDate);
    const end = calendarDay(current.endDate);
    if (start !== null && endDate < start) throw invalidInput('contract end', [{ pointer: '/endDate', message: `must not be before the contract's startDate (${start})` }]);
    if (end !== null && endDate > end) throw invalidInput('contract end', [{ pointer: '/endDate', message: `must not be after the contract's endDate (${end})` }]);
    const contract = await updateContract(tx, id, { fields: { endDate }, endedOn: endDate });
    await addHistory(tx, { contractId: id, kind: 'ended', actorId, detail: { endDate, previousEndDate: end } });
    await recordEvent(tx, 'contracts', contractEndedV1, contract, contractSnapshot(contract));
    return contract;
  });
}
