import { ticketClosedV1, ticketReopenedV1, ticketStatusChangedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { TicketsDatabase } from '../persistence/client.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { InvalidStatusChangeError } from './errors.js';
import { statusChangeEntry } from './history.js';
import { saveChange, ticketAtVersion } from './ticket-change.js';
import { changeOf } from './ticket-events.js';
import { canChangeStatus, staffActor, type StaffUser, type TicketStatus } from './ticket.js';

/**
 * Moves a ticket along its lifecycle. Closing (to closed) and reopening (closed to open) are status
 * changes too, and also emit ticket.closed / ticket.reopened for those who care about only those.
 */
export async function changeTicketStatus(db: TicketsDatabase, staff: StaffUser, id: string, version: number, to: TicketStatus): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const ticket = await ticketAtVersion(tx, staff, id, version);
    const from = ticket.status as TicketStatus;
    if (!canChangeStatus(from, to)) throw new InvalidStatusChangeError(from, to);
    const actor = staffActor(staff);
    // closed_at says since when a ticket is closed: a reply by email within the reopen window reopens it.
    const closedAt = to === 'closed' ? new Date() : null;
    const saved = await saveChange(tx, ticket, actor, { status: to, closedAt }, [statusChangeEntry(from, to)]);
    const change = changeOf(saved, actor);
    await recordEvent(tx, 'tickets', ticketStatusChangedV1, saved, { ...change, from, to });
    if (to === 'closed') await recordEvent(tx, 'tickets', ticketClosedV1, saved, { ...change, from });
    if (from === 'closed') await recordEvent(tx, 'tickets', ticketReopenedV1, saved, change);
    return saved;
  });
}
