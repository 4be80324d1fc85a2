import type { StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { lockEntryForTime } from '../../persistence/time-entry.repository.js';
import { editableEntry } from './editable-entry.js';
import { recordTimeChange, type PlannedTime } from './time-write.js';

/** Deletes an entry (its author, or whoever holds time_entries.manage), taking its minutes off the ticket and the contract it was billed to. */
export function deleteTimeEntry(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, id: string, version: number): Promise<PlannedTime> {
  return recordTimeChange(
    db,
    (sql) => lockEntryForTime(sql, id, staff.userId),
    (locked) => {
      const { before, ticket } = editableEntry(locked, staff, access, id, version);
      return { kind: 'deleted', actorId: staff.userId, ticket, contract: locked.contract, before };
    },
  );
}
