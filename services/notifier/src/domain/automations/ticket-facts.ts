import {
  ticketAssignedV1,
  ticketClosedV1,
  ticketCreatedV1,
  ticketNoteAddedV1,
  ticketReopenedV1,
  ticketStatusChangedV1,
  ticketUpdatedV1,
  type Envelope,
} from '@helpdesk/contracts-schema';

/** The ticket as the notifier knows it (notifier_tickets, the event's snapshot): what automations test and render. */
export interface TicketFacts {
  ticketId: string;
  number: number;
  subject: string | null;
  status: string | null;
  priority: string | null;
  channel: string | null;
  requesterEmail: string | null;
  customerId: string | null;
  customerName: string | null;
  customerGroupId: string | null;
  contactId: string | null;
  contactFirstName: string | null;
  contactLastName: string | null;
  teamId: string | null;
  assigneeId: string | null;
  emailAccountId: string | null;
  replyMailbox: string | null;
  createdAt: string | null;
  lastPublicNote: string | null;
  lastPublicNoteAt: string | null;
  lastPublicNoteAuthor: string | null;
}

export type KnownFacts = Partial<Omit<TicketFacts, 'ticketId' | 'number'>>;

export interface SourceEmail {
  mailbox: string;
  from?: string;
  messageId: string | null;
  references: string[];
  automatic: boolean;
}

/** One ticket.* event, in the terms automations use, whatever its type and however old its schema. */
export interface TicketEvent {
  id: string;
  type: string;
  /** The ticket aggregate's version the event brings it to. */
  version: number;
  correlationId?: string;
  ticketId: string;
  number: number;
  /** Only what this event says about the ticket; the rest comes from notifier_tickets. */
  known: KnownFacts;
  /** Whether `known` holds the whole ticket (ticket.created, or a snapshot): no stored copy needed. */
  complete: boolean;
  actor: { kind: string; id: string } | null;
  actorName: string | null;
  sourceEmail?: SourceEmail;
  note?: { visibility: 'public' | 'internal'; body: string | null; at: string };
  change?: { from: string | null; to: string | null };
}

const snapshotKeys = [
  'subject',
  'status',
  'priority',
  'channel',
  'requesterEmail',
  'customerName',
  'customerGroupId',
  'contactId',
  'contactFirstName',
  'contactLastName',
  'teamId',
  'assigneeId',
  'emailAccountId',
  'replyMailbox',
] as const;

type Data = Record<string, any>;

function pick(data: Data, keys: readonly string[]): KnownFacts {
  const known: Data = {};
  for (const key of keys) if (data[key] !== undefined) known[key] = data[key];
  return known as KnownFacts;
}

/** The ticket events the notifier reads: automations and its copy of each ticket. */
export const ticketEvents = [ticketCreatedV1, ticketNoteAddedV1, ticketStatusChangedV1, ticketAssignedV1, ticketClosedV1, ticketReopenedV1, ticketUpdatedV1];
const ticketEventTypes = new Set(ticketEvents.map((definition) => definition.type));

export function isTicketEvent(event: Envelope): boolean {
  return ticketEventTypes.has(event.type);
}

/** A ticket.* envelope in automations' terms. Events recorded before the optional fields existed give what they have. */
export function ticketEventOf(envelope: Envelope): TicketEvent {
  const data = envelope.data as Data;
  const base = {
    id: envelope.id,
    type: envelope.type,
    version: envelope.aggregate.version,
    correlationId: envelope.correlationId,
    ticketId: data.ticketId as string,
    number: data.number as number,
    actorName: (data.actorName as string | null | undefined) ?? null,
  };
  if (envelope.type === 'ticket.created') {
    const sourceEmail = data.sourceEmail as SourceEmail | undefined;
    const known: Data = {
      ...pick(data, [...snapshotKeys, 'customerId']),
      createdAt: data.createdAt,
      channel: data.channel ?? (sourceEmail ? 'email' : null),
    };
    return { ...base, known: known as KnownFacts, complete: true, actor: data.createdBy ?? null, sourceEmail, change: undefined };
  }
  const snapshot = data.ticket as Data | undefined;
  const known: Data = { ...(snapshot ? pick(snapshot, snapshotKeys) : {}) };
  if (data.customerId !== undefined) known.customerId = data.customerId;
  const event: TicketEvent = { ...base, known: known as KnownFacts, complete: snapshot !== undefined, actor: data.actor ?? null };
  switch (envelope.type) {
    case 'ticket.note_added':
      event.sourceEmail = data.sourceEmail;
      event.note = { visibility: data.visibility, body: data.body ?? null, at: data.at };
      if (data.visibility === 'public') Object.assign(known, { lastPublicNote: data.body, lastPublicNoteAt: data.at, lastPublicNoteAuthor: base.actorName });
      break;
    case 'ticket.status_changed':
      known.status = data.to;
      event.change = { from: data.from, to: data.to };
      break;
    case 'ticket.closed':
      known.status = 'closed';
      event.change = { from: data.from, to: 'closed' };
      break;
    case 'ticket.reopened':
      event.change = { from: 'closed', to: snapshot?.status ?? null };
      break;
    case 'ticket.assigned':
      known.assigneeId = data.assigneeId;
      known.teamId = data.teamId;
      event.change = { from: data.previousAssigneeId ?? null, to: data.assigneeId ?? null };
      break;
    case 'ticket.updated':
      for (const change of data.changes as Array<{ field: string; to: string | null }>) {
        if (change.field === 'subject' || change.field === 'priority' || change.field === 'teamId') known[change.field] = change.to;
      }
      break;
  }
  return event;
}

export function emptyFacts(ticketId: string, number: number): TicketFacts {
  return {
    ticketId,
    number,
    subject: null,
    status: null,
    priority: null,
    channel: null,
    requesterEmail: null,
    customerId: null,
    customerName: null,
    customerGroupId: null,
    contactId: null,
    contactFirstName: null,
    contactLastName: null,
    teamId: null,
    assigneeId: null,
    emailAccountId: null,
    replyMailbox: null,
    createdAt: null,
    lastPublicNote: null,
    lastPublicNoteAt: null,
    lastPublicNoteAuthor: null,
  };
}

/** The ticket after `event`: what was known before (stored, or earlier events of the group) with what the event says. */
export function factsAfter(before: TicketFacts | undefined, event: TicketEvent): TicketFacts {
  return { ...(before ?? emptyFacts(event.ticketId, event.number)), ...event.known, ticketId: event.ticketId, number: event.number };
}
