import { pgExecutor } from '@helpdesk/db';
import { listParticipants, listTicketAttachments, type AttachmentSummary } from '../persistence/attachment.repository.js';
import type { TicketsDatabase } from '../persistence/client.js';
import type { TicketNote } from '../persistence/note.repository.js';
import { listHistory, type HistoryEntryWithNote } from '../persistence/history.repository.js';
import { findStaffTicket, type Ticket } from '../persistence/ticket.repository.js';
import { TicketNotFoundError } from './errors.js';
import type { StaffUser } from './ticket.js';

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
  /** Every note, internal ones included, oldest first. */
  notes: TicketNote[];
  /** The attachments of its emails: noteId null for the email that opened it. */
  attachments: AttachmentSummary[];
  participants: Array<{ email: string; contactId: string | null }>;
}

/** One ticket as an agent sees it: with its notes (and their sanitised HTML), attachments and participants. */
export async function getTicketDetail(db: TicketsDatabase, staff: StaffUser, id: string): Promise<TicketDetail> {
  const ticket = await getTicket(db, staff, id);
  const sql = pgExecutor(db.pool);
  const [notes, attachments, participants] = await Promise.all([
    db.client.ticketNote.findMany({ where: { ticketId: ticket.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    listTicketAttachments(sql, ticket.id, false),
    listParticipants(sql, ticket.id),
  ]);
  return { ticket, notes, attachments, participants };
}
