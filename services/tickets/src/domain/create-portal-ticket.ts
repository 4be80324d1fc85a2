import { pgExecutor } from '@helpdesk/db';
import type { TicketsDatabase } from '../persistence/client.js';
import { findPortalContact } from '../persistence/contact.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { AccountNotReadyError } from './errors.js';
import { openTicket } from './open-ticket.js';
import { requireValidReferences } from './ticket-references.js';
import { contactActor, type PortalUser } from './ticket.js';

export interface NewPortalTicket {
  subject: string;
  description: string;
  emailAccountId?: string;
}

/**
 * A contact opens a ticket in the portal: customer and contact are the caller, the requester email
 * is theirs. ticket.created requires that email (the notifier acknowledges to it), so a contact whose
 * contact.added has not reached us yet is asked to try again rather than given a ticket without one.
 */
export async function createPortalTicket(db: TicketsDatabase, caller: PortalUser, input: NewPortalTicket): Promise<Ticket> {
  const contact = await findPortalContact(db.pool, caller.customerId, caller.contactId);
  if (!contact?.email) throw new AccountNotReadyError();
  // One reading of the clock: the references are checked at the time the ticket is stored with.
  const createdAt = new Date();
  await requireValidReferences(pgExecutor(db.pool), { customerId: caller.customerId, createdAt }, { emailAccountId: input.emailAccountId });
  return openTicket(
    db,
    {
      subject: input.subject,
      description: input.description,
      priority: 'normal',
      requesterEmail: contact.email,
      customerId: caller.customerId,
      contactId: caller.contactId,
      locationId: null,
      areaId: null,
      teamId: null,
      assigneeId: null,
      emailAccountId: input.emailAccountId ?? null,
      contractId: null,
      createdAt,
    },
    contactActor(caller),
  );
}
