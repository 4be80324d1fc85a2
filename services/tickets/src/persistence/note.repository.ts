import type { TimePosition } from '@helpdesk/http';
import type { Tx } from './client.js';
import type { Prisma, TicketNote } from './generated/client.js';

export type { TicketNote };

export interface NewNoteRow {
  ticketId: string;
  visibility: string;
  body: string;
  authorKind: string;
  authorId: string;
}

export function insertNote(tx: Tx, row: NewNoteRow): Promise<TicketNote> {
  return tx.ticketNote.create({ data: row });
}

/** A page of a ticket's notes, counted back from the newest: `before` is the oldest note of the page before (newer notes). */
export interface NotePageRequest {
  limit: number;
  before?: TimePosition;
}

/**
 * The notes of `where` (a ticket, and for the portal its scope and public notes only) before the keyset
 * position, newest first on (created_at, id), one more than the limit: that one says there are older notes.
 */
export function findNotesBefore(tx: Tx, where: Prisma.TicketNoteWhereInput, page: NotePageRequest): Promise<TicketNote[]> {
  const { before } = page;
  return tx.ticketNote.findMany({
    where: before ? { AND: [where, { OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] }] } : where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
}

export function findTicketNotesBefore(tx: Tx, ticketId: string, page: NotePageRequest): Promise<TicketNote[]> {
  return findNotesBefore(tx, { ticketId }, page);
}

/** One note of one ticket, or null: a note id of another ticket is not found. */
export function findTicketNote(tx: Tx, ticketId: string, noteId: string): Promise<TicketNote | null> {
  return tx.ticketNote.findFirst({ where: { id: noteId, ticketId } });
}
