import type { ContractsDatabase } from '../../persistence/client.js';
import { listHistory, type Contract, type HistoryLine } from '../../persistence/contract.repository.js';
import { findContacts, findStaffUsers } from '../../persistence/people.repository.js';

export type PersonRole = 'customerContact' | 'supportContact' | 'supportManager';

/** Someone named on the contract who left: the contract shows it, and its next save needs a replacement. */
export interface NeedsReplacing {
  role: PersonRole;
  /** The field that names them, which the edit that replaces them sets. */
  field: `${PersonRole}Id`;
  id: string;
  name: string;
  reason: 'deactivated' | 'moved_to_another_customer';
}

export interface ContractDetail {
  contract: Contract;
  names: Record<string, string>;
  attention: NeedsReplacing[];
  history: HistoryLine[];
}

/** The contract's page: its people by name, who of them needs replacing, and its history. */
export async function getContractDetail(db: ContractsDatabase, contract: Contract): Promise<ContractDetail> {
  const [contacts, staff, history] = await Promise.all([
    findContacts(db.client, [contract.customerContactId]),
    findStaffUsers(db.client, [contract.supportContactId, ...(contract.supportManagerId ? [contract.supportManagerId] : [])]),
    listHistory(db.client, contract.id),
  ]);
  const attention: NeedsReplacing[] = [];
  const contact = contacts[0];
  if (contact && !contact.active) attention.push(needsReplacing('customerContact', contact, 'deactivated'));
  else if (contact && contact.customerId !== contract.customerId) attention.push(needsReplacing('customerContact', contact, 'moved_to_another_customer'));
  const roles: Array<[PersonRole, string | null]> = [
    ['supportContact', contract.supportContactId],
    ['supportManager', contract.supportManagerId],
  ];
  for (const [role, id] of roles) {
    const user = staff.find((candidate) => candidate.id === id);
    if (user && !user.active) attention.push(needsReplacing(role, user, 'deactivated'));
  }
  const names = Object.fromEntries([...contacts, ...staff].map((person) => [person.id, person.name]));
  return { contract, names, attention, history };
}

function needsReplacing(role: PersonRole, person: { id: string; name: string }, reason: NeedsReplacing['reason']): NeedsReplacing {
  return { role, field: `${role}Id`, id: person.id, name: person.name, reason };
}
