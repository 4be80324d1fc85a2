import type { Tx } from './client.js';
import { Prisma, type Contract } from './generated/client.js';

export type { Contract };

/** The fields an administrator sets; dates as calendar days (YYYY-MM-DD), hours with two decimals. */
export interface ContractFields {
  description: string;
  purchaseOrderNumber: string | null;
  customerContactId: string;
  supportContactId: string;
  supportManagerId: string | null;
  startDate: string | null;
  endDate: string | null;
  hourRestriction: boolean;
  contractHours: number | null;
  thresholdHours: number | null;
}

export type ContractState = 'current' | 'ended' | 'all';

const day = (date: string | null) => (date === null ? null : new Date(`${date}T00:00:00.000Z`));
const hours = (value: number | null) => (value === null ? null : value.toFixed(2));

function columns(fields: Partial<ContractFields>) {
  return {
    ...fields,
    ...(fields.startDate !== undefined && { startDate: day(fields.startDate) }),
    ...(fields.endDate !== undefined && { endDate: day(fields.endDate) }),
    ...(fields.contractHours !== undefined && { contractHours: hours(fields.contractHours) }),
    ...(fields.thresholdHours !== undefined && { thresholdHours: hours(fields.thresholdHours) }),
  };
}

export function insertContract(tx: Tx, row: ContractFields & { id: string; customerId: string; createdBy: string }): Promise<Contract> {
  return tx.contract.create({ data: columns(row) as Prisma.ContractUncheckedCreateInput });
}

export function findContract(tx: Tx, id: string): Promise<Contract | null> {
  return tx.contract.findUnique({ where: { id } });
}

/**
 * The contract under its row lock, held to the end of the caller's transaction: time entries change
 * its used minutes and threshold state under the same lock, so what an edit reads stays true until it commits.
 */
export async function lockContract(tx: Tx, id: string): Promise<Contract | null> {
  await tx.$queryRaw`SELECT 1 FROM contracts WHERE id = ${id}::uuid FOR UPDATE`;
  return findContract(tx, id);
}

export interface ContractChange {
  fields?: Partial<ContractFields>;
  endedOn?: string;
  /** Re-arms the threshold warning (raised above the used time): the next crossing warns again. */
  rearmThreshold?: boolean;
}

/** Counts the aggregate's and the fields' versions up in the same statement; the caller holds the row lock. */
export function updateContract(tx: Tx, id: string, change: ContractChange): Promise<Contract> {
  return tx.contract.update({
    where: { id },
    data: {
      ...columns(change.fields ?? {}),
      ...(change.endedOn !== undefined && { endedOn: day(change.endedOn) }),
      ...(change.rearmThreshold && { thresholdReachedAt: null }),
      version: { increment: 1 },
      detailsVersion: { increment: 1 },
      updatedAt: new Date(),
    } as Prisma.ContractUncheckedUpdateInput,
  });
}

/**
 * A customer's contracts, newest first. Current: within its term on `today` and not ended early;
 * ended: ended early or past its end date; a contract that has not started yet is only in `all`.
 */
export function listContracts(tx: Tx, customerId: string, state: ContractState, today: string): Promise<Contract[]> {
  return tx.contract.findMany({ where: { customerId, ...stateFilter(state, today) }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
}

function stateFilter(state: ContractState, today: string): Prisma.ContractWhereInput {
  const date = day(today)!;
  if (state === 'ended') return { OR: [{ endedOn: { not: null } }, { endDate: { lt: date } }] };
  if (state === 'current') {
    return {
      endedOn: null,
      AND: [{ OR: [{ startDate: null }, { startDate: { lte: date } }] }, { OR: [{ endDate: null }, { endDate: { gte: date } }] }],
    };
  }
  return {};
}

export interface HistoryLine {
  kind: string;
  actorId: string | null;
  actorName: string | null;
  detail: unknown;
  at: Date;
}

export function addHistory(tx: Tx, line: { contractId: string; kind: string; actorId: string; detail: Prisma.InputJsonValue }): Promise<unknown> {
  return tx.contractHistoryEntry.create({ data: line });
}

/** What happened to the contract, oldest first, with the names of the staff users who did it. */
export function listHistory(tx: Tx, contractId: string): Promise<HistoryLine[]> {
  return tx.$queryRaw<HistoryLine[]>`
    SELECT h.kind, h.actor_id::text AS "actorId", s.name AS "actorName", h.detail, h.at
    FROM contract_history h LEFT JOIN staff_users s ON s.id = h.actor_id
    WHERE h.contract_id = ${contractId}::uuid ORDER BY h.id`;
}
