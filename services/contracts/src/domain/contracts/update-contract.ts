import { isDeepStrictEqual } from 'node:util';
import { contractUpdatedV1, thresholdMinutesOf } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import { invalidInput } from '@helpdesk/validation';
import type { ContractsDatabase, Tx } from '../../persistence/client.js';
import { addHistory, lockContract, updateContract as updateContractRow, type Contract, type ContractFields } from '../../persistence/contract.repository.js';
import { calendarDay, contractFields, contractSnapshot } from './contract.js';
import { ContractChangedMeanwhileError, ContractNotFoundError } from './errors.js';
import { ensureFieldRules } from './field-rules.js';

/**
 * An edit at the version the editor saw (409 when it moved on). A change that changes nothing writes
 * nothing, emits nothing and is not judged by the field rules. The threshold (docs/contracts.md): raised above the used time, it is
 * re-armed; lowered to or below the used time while armed, it stays armed and the next time entry on
 * the contract warns (contract.threshold_reached names the entry that caused it, and an edit has none).
 */
export function updateContract(db: ContractsDatabase, id: string, version: number, changes: Partial<ContractFields>, actorId: string): Promise<Contract> {
  return db.transaction(async (tx) => {
    const current = await requireLockedContract(tx, id);
    if (current.detailsVersion !== version) throw new ContractChangedMeanwhileError(id, current.detailsVersion);
    const before = contractFields(current);
    const after = { ...before, ...changes };
    if (current.endedOn !== null && after.endDate !== before.endDate) {
      throw invalidInput('contract', [{ pointer: '/endDate', message: `cannot change: the contract was ended early on ${calendarDay(current.endedOn)}` }]);
    }
    const changed = (Object.keys(after) as Array<keyof ContractFields>).filter((field) => !isDeepStrictEqual(after[field], before[field]));
    // Nothing changed: nothing to judge either (a contact who left since does not make a no-op a 422).
    if (changed.length === 0) return current;
    await ensureFieldRules(tx, current.customerId, after);
    const rearmThreshold = after.thresholdHours === null || current.usedMinutes < thresholdMinutesOf(after.thresholdHours);
    const contract = await updateContractRow(tx, id, { fields: after, rearmThreshold });
    const detail = Object.fromEntries(changed.map((field) => [field, { from: before[field], to: after[field] }]));
    await addHistory(tx, { contractId: id, kind: 'updated', actorId, detail });
    await recordEvent(tx, 'contracts', contractUpdatedV1, contract, { ...contractSnapshot(contract), changedFields: changed });
    return contract;
  });
}

export async function requireLockedContract(tx: Tx, id: string): Promise<Contract> {
  const contract = await lockContract(tx, id);
  if (!contract) throw new ContractNotFoundError(id);
  return contract;
}
