import { ConflictError, ForbiddenError, NotFoundError } from '@helpdesk/errors';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { inTimeTransaction, lockEntryForTime, writeTime, type TimeEntry } from '../../persistence/time-entry.repository.js';
import { planTimeChange, reachableTicket, type PlannedTime } from './time-write.js';
import { ensureWorkedOnNotInFuture } from './worked-on.js';

export interface TimeEntryChanges {
  version: number;
  minutes?: number;
  workedOn?: string;
  note?: string | null;
  confirmOverLimit?: boolean;
}

/** Edits an entry (its author, or whoever holds time_entries.manage); it stays on the contract it was billed to. */
export async function changeTimeEntry(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, id: string, changes: TimeEntryChanges): Promise<PlannedTime> {
  if (changes.workedOn !== undefined) ensureWorkedOnNotInFuture(changes.workedOn);
  return inTimeTransaction(db, async (sql) => {
    const { entry, ...locked } = await lockEntryForTime(sql, id, staff.userId);
    const before = editableEntry(entry, locked, staff, access, id, changes.version);
    const planned = planTimeChange({
      kind: 'updated',
      actorId: staff.userId,
      ticket: reachableTicket(locked, access, before.ticketId),
      contract: locked.contract,
      confirmOverLimit: changes.confirmOverLimit ?? false,
      before,
      after: {
        ...before,
        minutes: changes.minutes ?? before.minutes,
        workedOn: changes.workedOn ?? before.workedOn,
        note: changes.note === undefined ? before.note : changes.note,
      },
    });
    await writeTime(sql, planned.write);
    return planned;
  });
}

/** Deletes an entry (its author, or whoever holds time_entries.manage), taking its minutes off the ticket and its contract. */
export async function deleteTimeEntry(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, id: string, version: number): Promise<PlannedTime> {
  return inTimeTransaction(db, async (sql) => {
    const { entry, ...locked } = await lockEntryForTime(sql, id, staff.userId);
    const before = editableEntry(entry, locked, staff, access, id, version);
    const planned = planTimeChange({ kind: 'deleted', actorId: staff.userId, ticket: reachableTicket(locked, access, before.ticketId), contract: locked.contract, before });
    await writeTime(sql, planned.write);
    return planned;
  });
}

/**
 * The entry, if the caller may change it at `version`: 404 when it does not exist or its ticket's
 * customer is out of the caller's reach, 403 for another agent's entry without time_entries.manage,
 * 409 when it changed since the caller read it.
 */
function editableEntry(
  entry: TimeEntry | null,
  locked: Parameters<typeof reachableTicket>[0],
  staff: StaffPrincipal,
  access: CustomerAccess,
  id: string,
  version: number,
): TimeEntry {
  const notFound = new NotFoundError(`There is no time entry ${id}.`);
  if (!entry) throw notFound;
  try {
    reachableTicket(locked, access, entry.ticketId);
  } catch {
    throw notFound;
  }
  const manage = permissions.manageTimeEntries.name;
  if (entry.staffUserId !== staff.userId && !staff.permissions.includes(manage)) {
    throw new ForbiddenError(`Only the agent who logged this time, or someone with the "${manage}" permission, may change or delete it.`);
  }
  if (entry.version !== version) {
    throw new ConflictError(`Time entry ${id} was changed meanwhile (it is at version ${entry.version}, not ${version}): read it again and repeat your change.`);
  }
  return entry;
}
