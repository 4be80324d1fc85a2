import type { TicketsDatabase } from '../persistence/client.js';
import { insertNote, type TicketNote } from '../persistence/note.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { noteEntry } from './history.js';
import { saveChange, ticketAtVersion } from './ticket-change.js';
import { recordNoteAdded } from './ticket-events.js';
import { staffActor, type NoteVisibility, type StaffUser } from './ticket.js';

export interface NewNote {
  body: string;
  visibility: NoteVisibility;
}

/** An agent adds a public note (the customer sees it) or an internal one; either changes the ticket's version. */
export async function addNote(
  db: TicketsDatabase,
  staff: StaffUser,
  id: string,
  version: number,
  input: NewNote,
): Promise<{ ticket: Ticket; note: TicketNote }> {
  return db.transaction(async (tx) => {
    const ticket = await ticketAtVersion(tx, staff, id, version);
    const actor = staffActor(staff);
    const note = await insertNote(tx, { ticketId: ticket.id, visibility: input.visibility, body: input.body, authorKind: actor.kind, authorId: actor.id });
    const saved = await saveChange(tx, ticket, actor, {}, [noteEntry(note.id, input.visibility)]);
    await recordNoteAdded(tx, saved, actor, note);
    return { ticket: saved, note };
  });
}
