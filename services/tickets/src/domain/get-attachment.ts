import { pgExecutor } from '@helpdesk/db';
import { NotFoundError } from '@helpdesk/errors';
import { reaches } from '@helpdesk/team-access';
import type { TicketsDatabase } from '../persistence/client.js';
import { findAttachment, type AttachmentWithTicket } from '../persistence/attachment.repository.js';
import { portalScope } from './portal-scope.js';
import type { PortalUser, StaffUser } from './ticket.js';

class AttachmentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`Attachment ${id} does not exist, or you may not see it.`);
  }
}

/** An attachment of a ticket the agent may see (their teams reach its customer; a ticket of no customer: access to all). */
export async function staffAttachment(db: TicketsDatabase, staff: StaffUser, id: string): Promise<AttachmentWithTicket> {
  const attachment = await findAttachment(pgExecutor(db.pool), id);
  const visible = attachment && (staff.customerAccess === 'all' || (attachment.ticketCustomerId !== null && reaches(staff.customerAccess, attachment.ticketCustomerId)));
  if (!visible) throw new AttachmentNotFoundError(id);
  return attachment;
}

/**
 * An attachment a portal contact may see: of a ticket within their portal scope (their own, or their
 * customer's when the customer shares tickets), and of the email that opened it or a public note.
 * Anything else is answered as not existing.
 */
export async function portalAttachment(db: TicketsDatabase, caller: PortalUser, id: string): Promise<AttachmentWithTicket> {
  const sql = pgExecutor(db.pool);
  const attachment = await findAttachment(sql, id);
  if (!attachment || attachment.ticketCustomerId !== caller.customerId) throw new AttachmentNotFoundError(id);
  const scope = await portalScope(sql, caller);
  const ownTicket = scope.visibility === 'customer' || attachment.ticketContactId === caller.contactId;
  const publicPart = attachment.noteId === null || attachment.noteVisibility === 'public';
  if (!ownTicket || !publicPart) throw new AttachmentNotFoundError(id);
  return attachment;
}
