import { pgExecutor } from '@helpdesk/db';
import { listTicketAttachments, type AttachmentSummary } from '../persistence/attachment.repository.js';
import type { TicketsDatabase } from '../persistence/client.js';
import type { NotePageRequest } from '../persistence/note.repository.js';
import { findPortalTicket, findPublicNotesBefore, listPublicHistory, type PortalScope, type PublicHistoryEntry } from '../persistence/portal-ticket.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { listTicketTimeEntries, type VisibleTimeEntry } from '../persistence/time-entry.repository.js';
import { TicketNotFoundError } from './errors.js';
import { newestNotesShown, notePageOf, type NotePage } from './note-page.js';
import { portalScope } from './portal-scope.js';
import type { PortalUser } from './ticket.js';

export interface PortalTicketDetail {
  ticket: Ticket;
  /** The newest public notes, oldest first; `notes.older` starts the page before them. */
  notes: NotePage;
  history: PublicHistoryEntry[];
  /** Of the email that opened it and of the notes shown (public ones only). */
  attachments: AttachmentSummary[];
  /** The time logged on it: day, minutes and agent, never the agents' notes. */
  timeEntries: VisibleTimeEntry[];
}

const newestPage: NotePageRequest = { limit: newestNotesShown };

/** The ticket if the contact may see it; one they may not see is not found, exactly like an unknown id. */
export async function visibleTicket(db: TicketsDatabase, caller: PortalUser, id: string): Promise<{ scope: PortalScope; ticket: Ticket }> {
  const scope = await portalScope(db.client, caller);
  const ticket = await findPortalTicket(db.client, scope, id);
  if (!ticket) throw new TicketNotFoundError(id);
  return { scope, ticket };
}

/** One ticket as the contact may see it, with its newest public notes. */
export async function getPortalTicket(db: TicketsDatabase, caller: PortalUser, id: string): Promise<PortalTicketDetail> {
  const { scope, ticket } = await visibleTicket(db, caller, id);
  const [notes, history, timeEntries] = await Promise.all([
    findPublicNotesBefore(db.client, scope, ticket.id, newestPage).then((rows) => notePageOf(rows, newestPage)),
    listPublicHistory(db.client, scope, ticket.id),
    listTicketTimeEntries(db.client, ticket.id),
  ]);
  const attachments = await listTicketAttachments(pgExecutor(db.pool), ticket.id, { noteIds: notes.notes.map((note) => note.id), opening: true });
  return { ticket, notes, history, attachments, timeEntries };
}

/** A page of the public notes of a ticket the contact may see (GET /api/portal/tickets/{id}/notes), with their attachments. */
export async function getPortalTicketNotes(db: TicketsDatabase, caller: PortalUser, id: string, page: NotePageRequest): Promise<NotePage & { attachments: AttachmentSummary[] }> {
  const { scope, ticket } = await visibleTicket(db, caller, id);
  const notes = notePageOf(await findPublicNotesBefore(db.client, scope, ticket.id, page), page);
  const attachments = await listTicketAttachments(pgExecutor(db.pool), ticket.id, { noteIds: notes.notes.map((note) => note.id), opening: false });
  return { ...notes, attachments };
}
