import { pgExecutor } from '@helpdesk/db';
import { ValidationError } from '@helpdesk/errors';
import { reaches } from '@helpdesk/team-access';
import type { TicketsDatabase } from '../persistence/client.js';
import type { ReferenceFindings } from '../persistence/ticket-reference.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { ContactNotOfCustomerError, CustomerNotAllowedError, NotYetKnownError, RequesterEmailMissingError } from './errors.js';
import { openTicket } from './open-ticket.js';
import { findTicketReferences, refuseInvalidReferences } from './ticket-references.js';
import { staffActor, type StaffUser, type TicketPriority } from './ticket.js';

export interface NewContact {
  firstName: string;
  lastName: string;
  email: string;
}

/** Adds a contact at the customers service, on behalf of the calling agent. */
export type AddContact = (customerId: string, contact: NewContact) => Promise<{ id: string; email: string }>;

export interface NewTicket {
  subject: string;
  description: string;
  priority: TicketPriority;
  /** Required without a contact; with one, it defaults to the contact's address. */
  requesterEmail?: string;
  customerId?: string;
  /** An existing contact of the customer, or `newContact` to add one on the spot. */
  contactId?: string;
  newContact?: NewContact;
  locationId?: string;
  areaId?: string;
  teamId?: string;
  assigneeId?: string;
  emailAccountId?: string;
  contractId?: string;
}

/** An agent opens a ticket, for one of the customers their teams may pick, or without a customer. */
export async function createTicket(db: TicketsDatabase, staff: StaffUser, input: NewTicket, addContact: AddContact): Promise<Ticket> {
  checkContactChoice(input);
  if (input.customerId && !reaches(staff.customerAccess, input.customerId)) throw new CustomerNotAllowedError(input.customerId);
  // Everything the ticket names is checked in one read (none when it names nothing), then it is stored in one statement.
  const namesAny =
    input.customerId ?? input.locationId ?? input.areaId ?? input.teamId ?? input.emailAccountId ?? input.contractId ?? (input.assigneeId === staff.userId ? undefined : input.assigneeId);
  const found = namesAny ? await findTicketReferences(pgExecutor(db.pool), input.customerId ?? null, input.contactId ?? null, input, staff.userId) : undefined;
  const chosen = input.customerId && found ? requireCustomerAndContact(found, input.customerId, input.contactId) : undefined;
  // The ticket is opened now: its contract must be current at the very time it is stored with.
  const createdAt = new Date();
  refuseInvalidReferences({ customerId: input.customerId ?? null, createdAt }, input, found);
  // Added before the ticket is stored, so nothing waits on another service. Should the ticket then
  // fail, the contact stays: it is a real contact, and the agent can pick it next time.
  const added = input.customerId && input.newContact ? await addContact(input.customerId, input.newContact) : undefined;
  const contact = added ?? chosen;
  const requesterEmail = input.requesterEmail ?? contact?.email;
  if (!requesterEmail) throw new RequesterEmailMissingError();
  return openTicket(
    db,
    {
      subject: input.subject,
      description: input.description,
      priority: input.priority,
      requesterEmail,
      customerId: input.customerId ?? null,
      contactId: contact?.id ?? null,
      locationId: input.locationId ?? null,
      areaId: input.areaId ?? null,
      teamId: input.teamId ?? null,
      assigneeId: input.assigneeId ?? null,
      emailAccountId: input.emailAccountId ?? null,
      contractId: input.contractId ?? null,
      createdAt,
    },
    staffActor(staff),
    added && input.newContact,
  );
}

function checkContactChoice(input: NewTicket): void {
  if ((input.contactId || input.newContact) && !input.customerId) {
    throw new ValidationError('A contact belongs to a customer: choose the customer too.', [{ pointer: '/customerId', message: 'is required with a contact' }]);
  }
  if (input.contactId && input.newContact) {
    throw new ValidationError('Choose an existing contact or add a new one, not both.', [{ pointer: '/newContact', message: 'is not allowed with contactId' }]);
  }
}

/** The customer must be known here, and the chosen contact, if any, an active one of it; returns that contact. */
function requireCustomerAndContact(found: ReferenceFindings, customerId: string, contactId: string | undefined): { id: string; email: string } | undefined {
  const { customerKnown, contact } = found;
  if (!customerKnown) throw new NotYetKnownError('customer', customerId);
  if (!contactId) return undefined;
  if (!contact) throw new NotYetKnownError('contact', contactId);
  if (contact.customerId !== customerId || !contact.active) throw new ContactNotOfCustomerError(contactId, customerId);
  if (!contact.email) throw new NotYetKnownError('contact', contactId);
  return { id: contact.id, email: contact.email };
}
