import { ConflictError, ForbiddenError, NotFoundError } from '@helpdesk/errors';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { LockedTicket, LockedTime, TimeEntry } from '../../persistence/time-entry.repository.js';
import { reachableTicket } from './time-write.js';

/**
 * The locked entry and its ticket, if the caller may change the entry at `version`: 404 when it does
 * not exist or its ticket's customer is out of the caller's reach, 403 for another agent's entry
 * without time_entries.manage, 409 when it changed since the caller read it.
 */
export function editableEntry(
  locked: LockedTime & { entry: TimeEntry | null },
  staff: StaffPrincipal,
  access: CustomerAccess,
  id: string,
  version: number,
): { before: TimeEntry; ticket: LockedTicket } {
  const notFound = new NotFoundError(`There is no time entry ${id}.`);
  const { entry } = locked;
  if (!entry) throw notFound;
  let ticket: LockedTicket;
  try {
    ticket = reachableTicket(locked, access, entry.ticketId);
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
  return { before: entry, ticket };
}
