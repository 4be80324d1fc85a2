import type { TimePosition } from '@helpdesk/http';
import type { NotePageRequest, TicketNote } from '../persistence/note.repository.js';

/** How many of the newest notes GET /api/tickets/{id} and the portal's ticket carry; older ones are paged through …/notes. */
export const newestNotesShown = 50;

/** A page of notes, oldest first within it, and where the older notes start (null: there are none). */
export interface NotePage {
  notes: TicketNote[];
  older: TimePosition | null;
}

/** The page from the newest-first rows a query gave for `page` (one more than its limit when older notes exist). */
export function notePageOf(newestFirst: TicketNote[], page: NotePageRequest): NotePage {
  const notes = newestFirst.slice(0, page.limit).reverse();
  const oldest = notes[0];
  return { notes, older: newestFirst.length > page.limit && oldest ? { at: oldest.createdAt, id: oldest.id } : null };
}
