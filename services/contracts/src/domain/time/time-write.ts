import { contractLimitPassedV1, contractThresholdReachedV1, remainingAndOverage, timeEntryDeletedV1, timeEntryLoggedV1, timeEntryUpdatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { NotFoundError } from '@helpdesk/errors';
import { eventOfCurrentWork } from '@helpdesk/outbox';
import { reaches, type CustomerAccess } from '@helpdesk/team-access';
import type { SqlExecutor } from '@helpdesk/db';
import type { ContractsDatabase } from '../../persistence/client.js';
import { inTimeTransaction, writeTime, type EntryWrite, type LockedTicket, type LockedTime, type TimeEntry, type TimeWrite } from '../../persistence/time-entry.repository.js';
import { decideHours, limitMinutes, snapshotOf, thresholdMinutes, type ContractHours } from './contract-hours.js';

const producer = 'contracts';

/** The same answer for a ticket this service has not heard of and one the caller's teams do not reach: neither leaks the other. */
export function ticketNotKnown(ticketId: string): NotFoundError {
  return new NotFoundError(
    `Ticket ${ticketId} is not known to the contracts service (yet: a ticket opened a moment ago arrives within seconds), or your teams do not reach its customer.`,
  );
}

/** The locked ticket, if the caller's teams reach its customer (a ticket without one: only those who reach every customer). */
export function reachableTicket(locked: Pick<LockedTime, 'ticket'>, access: CustomerAccess, ticketId: string): LockedTicket {
  const { ticket } = locked;
  if (!ticket || !(ticket.customerId ? reaches(access, ticket.customerId) : access === 'all')) throw ticketNotKnown(ticketId);
  return ticket;
}

/** An entry as answers show it. */
export type TimeEntryView = Omit<TimeEntry, 'createdAt' | 'updatedAt'>;

type EntryState = Pick<TimeEntry, 'id' | 'minutes' | 'workedOn' | 'note' | 'staffUserId' | 'staffName' | 'overLimit' | 'version'>;

/** One change of time, decided under the locks: a new entry, an edit (before and after) or a deletion. */
export type TimeChange = { actorId: string; ticket: LockedTicket; contract: ContractHours | null } & (
  | { kind: 'logged'; after: EntryState; confirmOverLimit: boolean }
  | { kind: 'updated'; before: EntryState; after: EntryState; confirmOverLimit: boolean }
  | { kind: 'deleted'; before: EntryState }
);

/** What a change leaves: the write (entry, totals, history, events; null for an edit that changes nothing) and what the answer shows of the contract. */
export interface PlannedTime {
  write: TimeWrite | null;
  entry: TimeEntryView;
  ticketTotalMinutes: number;
  contract: ContractSummary | null;
}

export interface ContractSummary {
  contractId: string;
  usedMinutes: number;
  remainingMinutes: number | null;
  overageMinutes: number;
  thresholdReached: boolean;
}

/** One write of time in one transaction: takes the locks, decides the change under them (planTimeChange), writes it. */
export function recordTimeChange<Locked>(db: ContractsDatabase, lock: (sql: SqlExecutor) => Promise<Locked>, decide: (locked: Locked) => TimeChange): Promise<PlannedTime> {
  return inTimeTransaction(db, async (sql) => {
    const planned = planTimeChange(decide(await lock(sql)));
    if (planned.write) await writeTime(sql, planned.write);
    return planned;
  });
}

/**
 * Decides a change of time under the ticket's and the contract's locks (docs/contracts.md): the limit
 * (409 unless confirmed), the threshold (crossed once while armed, re-armed below it), the totals, the
 * contract's history lines and the events, all written by one statement afterwards.
 */
export function planTimeChange(change: TimeChange): PlannedTime {
  const { ticket, contract, actorId } = change;
  if (change.kind === 'updated' && changesNothing(change.before, change.after)) {
    // Nothing to record: no new version, event or history line; the answer is the entry as it is.
    const entry = { ...change.before, ticketId: ticket.id, contractId: contract?.contractId ?? null };
    return { write: null, entry, ticketTotalMinutes: ticket.totalMinutes, contract: contract && summaryOf(contract) };
  }
  const minutesBefore = change.kind === 'logged' ? 0 : change.before.minutes;
  const minutesAfter = change.kind === 'deleted' ? 0 : change.after.minutes;
  const delta = minutesAfter - minutesBefore;
  const confirm = change.kind !== 'deleted' && change.confirmOverLimit;
  const hours = contract && decideHours(contract, delta, confirm);
  const limit = contract && limitMinutes(contract);

  let entry: EntryState = change.kind === 'deleted' ? change.before : change.after;
  if (change.kind !== 'deleted') {
    // Over the limit: an entry that passed it with a confirmation, and stays so while the total is past it.
    const past = hours !== null && limit !== null && hours.usedAfter > limit;
    const confirmedNow = hours?.overageMinutes != null;
    entry = { ...entry, overLimit: past && (confirmedNow || (change.kind === 'updated' && change.before.overLimit)) };
  }
  const entryVersion = change.kind === 'logged' ? 1 : change.before.version + 1;
  const ticketTotalMinutes = ticket.totalMinutes + delta;

  const contractAfter = contract && hours && { ...contract, usedMinutes: hours.usedAfter, thresholdReached: hours.thresholdReachedAfter };
  const contractChanged = contract !== null && hours !== null && (delta !== 0 || hours.thresholdReachedAfter !== contract.thresholdReached);
  const contractVersion = contract ? contract.version + (contractChanged ? 1 : 0) : 0;

  const entrySnapshot = {
    entryId: entry.id,
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    customerId: ticket.customerId,
    contractId: contract?.contractId ?? null,
    minutes: entry.minutes,
    workedOn: entry.workedOn,
    note: entry.note,
    staffUserId: entry.staffUserId,
    staffName: entry.staffName,
    overLimit: entry.overLimit,
    ticketTotalMinutes,
    contractUsedMinutes: contractAfter?.usedMinutes ?? null,
  };
  const entryAggregate = { id: entry.id, version: entryVersion };
  const events: Envelope<unknown>[] = [
    change.kind === 'logged'
      ? eventOfCurrentWork(producer, timeEntryLoggedV1, entryAggregate, entrySnapshot)
      : change.kind === 'updated'
        ? eventOfCurrentWork(producer, timeEntryUpdatedV1, entryAggregate, { ...entrySnapshot, previousMinutes: minutesBefore, changedBy: actorId })
        : eventOfCurrentWork(producer, timeEntryDeletedV1, entryAggregate, { ...entrySnapshot, deletedBy: actorId }),
  ];
  const history: TimeWrite['history'] = [];
  if (contractAfter && hours) {
    const aggregate = { id: contractAfter.contractId, version: contractVersion };
    const ticketRef = { ticketId: ticket.id, number: ticket.number, subject: ticket.subject };
    const line = (kind: string, detail: Record<string, unknown>) => history.push({ contractId: contractAfter.contractId, kind, actorId, detail });
    line(`time_${change.kind}`, {
      entryId: entry.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      minutes: minutesAfter,
      ...(change.kind === 'logged' ? {} : { previousMinutes: minutesBefore }),
      usedMinutes: hours.usedAfter,
    });
    if (hours.thresholdCrossed) {
      line('threshold_reached', { entryId: entry.id, ticketId: ticket.id, usedMinutes: hours.usedAfter, thresholdHours: contractAfter.thresholdHours });
      events.push(eventOfCurrentWork(producer, contractThresholdReachedV1, aggregate, { contract: snapshotOf(contractAfter), ticket: ticketRef, entryId: entry.id }));
    }
    if (hours.overageMinutes !== null) {
      line('limit_passed', { entryId: entry.id, ticketId: ticket.id, usedMinutes: hours.usedAfter, contractHours: contractAfter.contractHours, overageMinutes: hours.overageMinutes });
      events.push(
        eventOfCurrentWork(producer, contractLimitPassedV1, aggregate, {
          contract: snapshotOf(contractAfter),
          ticket: ticketRef,
          entryId: entry.id,
          overageMinutes: hours.overageMinutes,
          confirmedBy: actorId,
        }),
      );
    }
  }

  const entryWrite: EntryWrite =
    change.kind === 'logged'
      ? { kind: 'insert', entry: { ...entry, ticketId: ticket.id, contractId: contract?.contractId ?? null } }
      : change.kind === 'updated'
        ? { kind: 'update', id: entry.id, minutes: entry.minutes, workedOn: entry.workedOn, note: entry.note, overLimit: entry.overLimit }
        : { kind: 'delete', id: entry.id };
  return {
    write: {
      entry: entryWrite,
      ticket: { id: ticket.id, totalMinutes: ticketTotalMinutes },
      contract: contractAfter && { id: contractAfter.contractId, usedMinutes: contractAfter.usedMinutes, version: contractVersion, thresholdReached: contractAfter.thresholdReached },
      history,
      events,
    },
    entry: { ...entry, version: entryVersion, ticketId: ticket.id, contractId: contract?.contractId ?? null },
    ticketTotalMinutes,
    contract: contractAfter && summaryOf(contractAfter),
  };
}

const changesNothing = (before: EntryState, after: EntryState) => before.minutes === after.minutes && before.workedOn === after.workedOn && before.note === after.note;

/** The hours of a contract as an answer about time shows them: remaining 0 once used up, overage what is used beyond. */
function summaryOf(contract: ContractHours): ContractSummary {
  const figures = contract.contractHours === null ? null : remainingAndOverage(contract.contractHours, contract.usedMinutes);
  const threshold = thresholdMinutes(contract);
  return {
    contractId: contract.contractId,
    usedMinutes: contract.usedMinutes,
    remainingMinutes: figures?.remainingMinutes ?? null,
    overageMinutes: figures?.overageMinutes ?? 0,
    // As the contract's own answers say it: the used time is at or above the threshold (armed or not).
    thresholdReached: threshold !== null && contract.usedMinutes >= threshold,
  };
}
