import type { StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { lockEntryForTime } from '../../persistence/time-entry.repository.js';
import { editableEntry } from './editable-entry.js';
import { recordTimeChange, type PlannedTime } from './time-write.js';
import { ensureWorkedOnNotInFuture } from './worked-on.js';

export interface TimeEntryChanges {
  version: number;
  minutes?: number;
  workedOn?: string;
  note?: string | null;
  confirmOverLimit?: boolean;
}

/** Edits an entry (its author, or whoever holds time_entries.manage); it stays on the contract it was billed to. */
export function changeTimeEntry(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, id: string, changes: TimeEntryChanges): Promise<PlannedTime> {
  if (changes.workedOn !== undefined) ensureWorkedOnNotInFuture(changes.workedOn);
  return recordTimeChange(
    db,
    (sql) => lockEntryForTime(sql, id, staff.userId),
    (locked) => {
      const { before, ticket } = editableEntry(locked, staff, access, id, changes.version);
      const after = {
        ...before,
        minutes: changes.minutes ?? before.minutes,
        workedOn: changes.workedOn ?? before.workedOn,
        note: changes.note === undefined ? before.note : changes.note,
      };
      return { kind: 'updated', actorId: staff.userId, ticket, contract: locked.contract, confirmOverLimit: changes.confirmOverLimit ?? false, before, after };
    },
  );
}
