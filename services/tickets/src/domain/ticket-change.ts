import type { Tx } from '../persistence/client.js';
import { appendHistory } from '../persistence/history.repository.js';
import { currentVersion, findStaffTicket, updateTicketAtVersion, type NamedTicket, type Ticket, type TicketChanges } from '../persistence/ticket.repository.js';
import { TicketNotFoundError, VersionConflictError } from './errors.js';
import type { NewHistoryEntry } from './history.js';
import type { Actor, StaffUser } from './ticket.js';

/** The ticket an agent is about to change, provided they may see it and it is still at the version they saw. */
export async function ticketAtVersion(tx: Tx, staff: StaffUser, id: string, version: number): Promise<Ticket> {
  const ticket = await findStaffTicket(tx, staff.customerAccess, id);
  if (!ticket) throw new TicketNotFoundError(id);
  if (ticket.version !== version) throw new VersionConflictError(ticket.number, version, ticket.version);
  return ticket;
}

/**
 * Saves a change to a ticket read by `ticketAtVersion`, with its history lines. The read only gives
 * the old values; the conditional UPDATE decides, so of two agents who read the same version one wins
 * and the other gets a conflict — even when both read before either wrote. The saved ticket comes
 * with the names its events show (read by the same statement).
 */
export async function saveChange(tx: Tx, ticket: Ticket, actor: Actor, changes: TicketChanges, history: NewHistoryEntry[]): Promise<NamedTicket> {
  const saved = await updateTicketAtVersion(tx, ticket.id, ticket.version, changes, actor);
  if (!saved) throw new VersionConflictError(ticket.number, ticket.version, (await currentVersion(tx, ticket.id)) ?? ticket.version);
  await appendHistory(tx, saved.id, saved.updatedAt, actor, history);
  return saved;
}
