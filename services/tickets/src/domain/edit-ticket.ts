import { ticketUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { TicketsDatabase } from '../persistence/client.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { fieldChangeEntries } from './history.js';
import { saveChange, ticketAtVersion } from './ticket-change.js';
import { changeOf } from './ticket-events.js';
import { requireValidReferences } from './ticket-references.js';
import { changedFields, editableFields, staffActor, type StaffUser, type TicketEdit } from './ticket.js';

/** An agent edits subject, description, priority, location, area, team or contract; unchanged values are no change. */
export async function editTicket(db: TicketsDatabase, staff: StaffUser, id: string, version: number, edit: TicketEdit): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const ticket = await ticketAtVersion(tx, staff, id, version);
    const normalized = edit.subject === undefined ? edit : { ...edit, subject: edit.subject.trim() };
    const changes = changedFields(ticket, normalized, editableFields);
    if (changes.length === 0) return ticket;
    await requireValidReferences(tx, ticket, Object.fromEntries(changes.map((c) => [c.field, c.to])), staff.userId);
    const actor = staffActor(staff);
    const saved = await saveChange(tx, ticket, actor, Object.fromEntries(changes.map((c) => [c.field, c.to])), fieldChangeEntries(changes));
    await recordEvent(tx, 'tickets', ticketUpdatedV1, saved, { ...changeOf(saved, actor), changes });
    return saved;
  });
}
