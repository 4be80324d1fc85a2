import { randomUUID } from 'node:crypto';
import { contractCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { ContractsDatabase } from '../../persistence/client.js';
import { addHistory, insertContract, type Contract, type ContractFields } from '../../persistence/contract.repository.js';
import { contractSnapshot } from './contract.js';
import { ensureFieldRules } from './field-rules.js';

/** A new contract of a customer, announced as contract.created in the same transaction. */
export function createContract(db: ContractsDatabase, customerId: string, fields: ContractFields, actorId: string): Promise<Contract> {
  return db.transaction(async (tx) => {
    await ensureFieldRules(tx, customerId, fields);
    const contract = await insertContract(tx, { id: randomUUID(), customerId, createdBy: actorId, ...fields });
    await addHistory(tx, { contractId: contract.id, kind: 'created', actorId, detail: {} });
    await recordEvent(tx, 'contracts', contractCreatedV1, contract, contractSnapshot(contract));
    return contract;
  });
}
