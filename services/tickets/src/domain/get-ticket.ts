import { pgExecutor } from '@helpdesk/db';
import { listParticipants, listTicketAttachments, type AttachmentSummary } from '../persistence/attachment.repository.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { findTicketNotesBefore, type NotePageRequest } from '../persistence/note.repository.js';
import { listHistory, type HistoryEntryWithNote } from '../persistence/history.repository.js';
import { findStaffTicket, type Ticket } from '../persistence/ticket.repository.js';
import { TicketNotFoundError } from './errors.js';
import { newestNotesShown, notePageOf, type NotePage } from './note-page.js';
import type { StaffUser } from './ticket.js';

const newestPage: NotePageRequest = { limit: newestNotesShown };

export async function getTicket(db: TicketsDatabase, staff: StaffUser, id: string): Promise<Ticket> {
  const ticket = await findStaffTicket(db.client, staff.customerAccess, id);
  if (!ticket) throw new TicketNotFoundError(id);
  return ticket;
}

/** The whole timeline, internal notes and assignments included. */
export async function getTicketHistory(db: TicketsDatabase, staff: StaffUser, id: string): Promise<HistoryEntryWithNote[]> {
  const ticket = await getTicket(db, staff, id);
  return listHistory(db.client, ticket.id);
}

export interface TicketDetail {
  ticket: Ticket;
  /** The newest notes, internal ones included, oldest first; `notes.older` starts the page before them. */
  notes: NotePage;
  /** The attachments of the email that opened it (noteId null) and of the notes shown. */
  attachments: AttachmentSummary[];
  participants: Array<{ email: string; contactId: string | null }>;
}

/** One ticket as an agent sees it: with its newest notes (and their sanitised HTML), attachments and participants. */
export async function getTicketDetail(db: TicketsDatabase, staff: StaffUser, id: string): Promise<TicketDetail> {
  const ticket = await getTicket(db, staff, id);
  const sql = pgExecutor(db.pool);
  const [notes, participants] = await Promise.all([
    findTicketNotesBefore(db.client, ticket.id, newestPage).then((rows) => notePageOf(rows, newestPage)),
    listParticipants(sql, ticket.id),
  ]);
  const attachments = await listTicketAttachments(sql, ticket.id, { noteIds: notes.notes.map((note) => note.id), opening: true });
  return { ticket, notes, attachments, participants };
}

/** A page of a ticket's notes (GET /api/tickets/{id}/notes), with the attachments of those notes. */
export async function getTicketNotes(db: TicketsDatabase, staff: StaffUser, id: string, page: NotePageRequest): Promise<NotePage & { attachments: AttachmentSummary[] }> {
  const ticket = await getTicket(db, staff, id);
  const notes = notePageOf(await findTicketNotesBefore(db.client, ticket.id, page), page);
  const attachments = await listTicketAttachments(pgExecutor(db.pool), ticket.id, { noteIds: notes.notes.map((note) => note.id), opening: false });
  return { ...notes, attachments };
}
