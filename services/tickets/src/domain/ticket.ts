import type { CustomerAccess } from '@helpdesk/team-access';

/** Lifecycle of a ticket and the rules of its fields; pure, so that they are tested without a database. */
export const ticketStatuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const noteVisibilities = ['public', 'internal'] as const;
export type NoteVisibility = (typeof noteVisibilities)[number];

const allowedTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'resolved', 'closed'],
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  // Reopening is the only way out of closed.
  closed: ['open'],
};

export function nextStatuses(from: TicketStatus): readonly TicketStatus[] {
  return allowedTransitions[from];
}

export function canChangeStatus(from: TicketStatus, to: TicketStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** Who did something to a ticket. */
export interface Actor {
  kind: 'staff' | 'contact' | 'email';
  id: string;
}

/** An agent, as far as the rules need one: who, and which customers' tickets they may see and pick. */
export interface StaffUser {
  userId: string;
  /** 'all', or the customers of the user's teams; tickets without a customer are for 'all' only. */
  customerAccess: CustomerAccess;
}

/** A portal contact; both ids come from the gateway's assertion, never from the request. */
export interface PortalUser {
  contactId: string;
  customerId: string;
}

export function staffActor(staff: StaffUser): Actor {
  return { kind: 'staff', id: staff.userId };
}

export function contactActor(contact: PortalUser): Actor {
  return { kind: 'contact', id: contact.contactId };
}

/** What an agent may edit; assignment and status have use cases of their own. */
export const editableFields = ['subject', 'description', 'priority', 'locationId', 'areaId', 'teamId', 'contractId'] as const;
export type EditableField = (typeof editableFields)[number];
export interface TicketEdit {
  subject?: string;
  description?: string;
  priority?: TicketPriority;
  /** null clears it. */
  locationId?: string | null;
  areaId?: string | null;
  teamId?: string | null;
  contractId?: string | null;
}

export interface FieldChange<F extends string = EditableField> {
  field: F;
  from: string | null;
  to: string | null;
}

/** The fields of `edit` whose value differs from the ticket's, in a stable order. */
export function changedFields<F extends string>(current: Record<F, string | null>, edit: Partial<Record<F, string | null>>, fields: readonly F[]): FieldChange<F>[] {
  return fields.flatMap((field) => {
    const to = edit[field];
    if (to === undefined || to === current[field]) return [];
    return [{ field, from: current[field], to }];
  });
}

// Team and assignee are how the helpdesk organises itself: the customer sees neither.
const customerVisibleFields: ReadonlySet<string> = new Set(['subject', 'description', 'priority', 'locationId', 'areaId', 'status']);

export function isCustomerVisibleField(field: string): boolean {
  return customerVisibleFields.has(field);
}
