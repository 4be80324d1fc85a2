import type { TicketsDatabase } from '../persistence/client.js';
import { appendHistory } from '../persistence/history.repository.js';
import { insertNote, type TicketNote } from '../persistence/note.repository.js';
import { findPortalTicket } from '../persistence/portal-ticket.repository.js';
import { touchTicket } from '../persistence/ticket.repository.js';
import { TicketNotFoundError } from './errors.js';
import { noteEntry } from './history.js';
import { portalScope } from './portal-scope.js';
import { recordNoteAdded } from './ticket-events.js';
import { contactActor, type PortalUser } from './ticket.js';

/** A contact's note is always public; it lands in the agents' timeline in the same transaction. */
export async function addPortalNote(db: TicketsDatabase, caller: PortalUser, id: string, body: string): Promise<TicketNote> {
  return db.transaction(async (tx) => {
    const ticket = await findPortalTicket(tx, await portalScope(tx, caller), id);
    if (!ticket) throw new TicketNotFoundError(id);
    const actor = contactActor(caller);
    const note = await insertNote(tx, { ticketId: ticket.id, visibility: 'public', body, authorKind: actor.kind, authorId: actor.id });
    const saved = await touchTicket(tx, ticket.id, actor);
    await appendHistory(tx, saved.id, saved.updatedAt, actor, [noteEntry(note.id, 'public')]);
    await recordNoteAdded(tx, saved, actor, note);
    return note;
  });
}
