import { ticketAssignedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { TicketsDatabase } from '../persistence/client.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { assignmentEntries } from './history.js';
import { saveChange, ticketAtVersion } from './ticket-change.js';
import { changeOf } from './ticket-events.js';
import { requireValidReferences } from './ticket-references.js';
import { changedFields, staffActor, type StaffUser } from './ticket.js';

/** Null unassigns; a field left out stays as it is. */
export interface Assignment {
  assigneeId?: string | null;
  teamId?: string | null;
}

export async function assignTicket(db: TicketsDatabase, staff: StaffUser, id: string, version: number, assignment: Assignment): Promise<Ticket> {
  return db.transaction(async (tx) => {
    const ticket = await ticketAtVersion(tx, staff, id, version);
    const changes = changedFields(ticket, assignment, ['assigneeId', 'teamId'] as const);
    if (changes.length === 0) return ticket;
    await requireValidReferences(tx, ticket, Object.fromEntries(changes.map((c) => [c.field, c.to])), staff.userId);
    const actor = staffActor(staff);
    const saved = await saveChange(tx, ticket, actor, Object.fromEntries(changes.map((c) => [c.field, c.to])), assignmentEntries(changes));
    await recordEvent(tx, 'tickets', ticketAssignedV1, saved, {
      ...changeOf(saved, actor),
      assigneeId: saved.assigneeId,
      teamId: saved.teamId,
      previousAssigneeId: ticket.assigneeId,
      previousTeamId: ticket.teamId,
    });
    return saved;
  });
}
