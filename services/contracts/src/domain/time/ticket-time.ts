import { pgExecutor } from '@helpdesk/db';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { findTicketTime, type TimeEntry } from '../../persistence/time-entry.repository.js';
import { reachableTicket } from './time-write.js';

/** A ticket's entries (with the agents' notes) and its total, for staff who reach its customer. */
export async function ticketTime(db: ContractsDatabase, access: CustomerAccess, ticketId: string): Promise<{ ticketId: string; totalMinutes: number; entries: TimeEntry[] }> {
  const found = await findTicketTime(pgExecutor(db.pool), ticketId);
  const ticket = reachableTicket({ ticket: found?.ticket ?? null }, access, ticketId);
  return { ticketId, totalMinutes: ticket.totalMinutes, entries: found!.entries };
}
