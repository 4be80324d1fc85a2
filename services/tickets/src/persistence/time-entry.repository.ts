import { saveNewer } from '@helpdesk/db';
import type { Tx } from './client.js';

/** A time entry as the ticket keeps it (the agent's note lives in the history line, for agents only). */
export interface TimeEntryState {
  id: string;
  ticketId: string;
  minutes: number;
  workedOn: string;
  staffUserId: string;
  staffName: string | null;
  deleted: boolean;
}

/**
 * Locks the ticket's row for the rest of the transaction; false if there is no such ticket. Every
 * change to a ticket's time entries takes this lock first, so the total computed after it sees every
 * other change committed, and none is lost between two instances.
 */
export async function lockTicketForTime(tx: Tx, ticketId: string): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<unknown[]>('SELECT 1 FROM tickets WHERE id = $1::uuid FOR UPDATE', ticketId);
  return rows.length > 0;
}

/** Keeps the newest state of an entry by its version; a deletion (the highest version) leaves a marker. */
export function saveTimeEntry(tx: Tx, entry: TimeEntryState, version: number): Promise<void> {
  return saveNewer(tx, 'ticket_time_entries', entry.id, [
    {
      version,
      set: {
        ticket_id: entry.ticketId,
        minutes: entry.minutes,
        worked_on: entry.workedOn,
        staff_user_id: entry.staffUserId,
        staff_name: entry.staffName,
        deleted: entry.deleted,
      },
    },
  ]);
}

/** Sets the ticket's total to the sum of its live entries (under the lock of `lockTicketForTime`). */
export async function refreshTimeSpent(tx: Tx, ticketId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE tickets SET time_spent_minutes = (SELECT COALESCE(sum(e.minutes), 0) FROM ticket_time_entries e WHERE e.ticket_id = $1::uuid AND NOT e.deleted)
     WHERE id = $1::uuid`,
    ticketId,
  );
}

export interface VisibleTimeEntry {
  workedOn: string;
  minutes: number;
  agentName: string | null;
}

/** A ticket's live entries as the portal shows them: day, minutes and the agent's name, never a note. */
export function listTicketTimeEntries(tx: Tx, ticketId: string): Promise<VisibleTimeEntry[]> {
  return tx.$queryRawUnsafe<VisibleTimeEntry[]>(
    `SELECT to_char(worked_on, 'YYYY-MM-DD') AS "workedOn", minutes, staff_name AS "agentName"
     FROM ticket_time_entries WHERE ticket_id = $1::uuid AND NOT deleted ORDER BY worked_on, id`,
    ticketId,
  );
}
