import { pgExecutor } from '@helpdesk/db';
import { listTicketAttachments, type AttachmentSummary } from '../persistence/attachment.repository.js';
import type { TicketsDatabase } from '../persistence/client.js';
import type { TicketNote } from '../persistence/note.repository.js';
import { findPortalTicket, listPublicHistory, listPublicNotes, type PublicHistoryEntry } from '../persistence/portal-ticket.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { listTicketTimeEntries, type VisibleTimeEntry } from '../persistence/time-entry.repository.js';
import { TicketNotFoundError } from './errors.js';
import { portalScope } from './portal-scope.js';
import type { PortalUser } from './ticket.js';

export interface PortalTicketDetail {
  ticket: Ticket;
  notes: TicketNote[];
  history: PublicHistoryEntry[];
  /** Of the email that opened it and of public notes only. */
  attachments: AttachmentSummary[];
  /** The time logged on it: day, minutes and agent, never the agents' notes. */
  timeEntries: VisibleTimeEntry[];
}

/** One ticket as the contact may see it; one they may not see is not found, exactly like an unknown id. */
export async function getPortalTicket(db: TicketsDatabase, caller: PortalUser, id: string): Promise<PortalTicketDetail> {
  const scope = await portalScope(db.client, caller);
  const ticket = await findPortalTicket(db.client, scope, id);
  if (!ticket) throw new TicketNotFoundError(id);
  const [notes, history, attachments, timeEntries] = await Promise.all([
    listPublicNotes(db.client, scope, id),
    listPublicHistory(db.client, scope, id),
    listTicketAttachments(pgExecutor(db.pool), ticket.id, true),
    listTicketTimeEntries(db.client, ticket.id),
  ]);
  return { ticket, notes, history, attachments, timeEntries };
}
