import type { StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { inTimeTransaction, lockEntryForTime, writeTime } from '../../persistence/time-entry.repository.js';
import { editableEntry } from './editable-entry.js';
import { planTimeChange, type PlannedTime } from './time-write.js';

/** Deletes an entry (its author, or whoever holds time_entries.manage), taking its minutes off the ticket and its contract. */
export async function deleteTimeEntry(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, id: string, version: number): Promise<PlannedTime> {
  return inTimeTransaction(db, async (sql) => {
    const locked = await lockEntryForTime(sql, id, staff.userId);
    const { before, ticket } = editableEntry(locked, staff, access, id, version);
    const planned = planTimeChange({ kind: 'deleted', actorId: staff.userId, ticket, contract: locked.contract, before });
    await writeTime(sql, planned.write);
    return planned;
  });
}
