import { decodeTimeCursor, encodeTimeCursor } from '@helpdesk/http';
import { Email, Text, Type, compileParser, type Static } from '@helpdesk/validation';
import type { HistoryEntryWithNote } from '../persistence/history.repository.js';
import type { NotePageRequest, TicketNote } from '../persistence/note.repository.js';
import type { AttachmentSummary } from '../persistence/attachment.repository.js';
import type { TicketDetail } from '../domain/get-ticket.js';
import { newestNotesShown, type NotePage } from '../domain/note-page.js';
import { sortKeys } from '../persistence/ticket-list-query.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { noteVisibilities, ticketPriorities, ticketStatuses } from '../domain/ticket.js';

const Id = Type.String({ format: 'uuid' });
const OptionalId = Type.Optional(Id);
/** null clears the field. */
const ClearableId = Type.Optional(Type.Union([Id, Type.Null()]));
function oneOf<const T extends string>(values: readonly T[], options: { default?: NoInfer<T> } = {}) {
  return Type.Union(values.map((v) => Type.Literal(v)), options);
}

export const Status = oneOf(ticketStatuses);
/** `open` or `open,pending`. */
export const StatusList = Type.String({ pattern: `^(${ticketStatuses.join('|')})(,(${ticketStatuses.join('|')}))*$` });
export const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 25 });
export const SearchText = Text(200);
export const Cursor = Type.String({ minLength: 1, maxLength: 500 });
export const Subject = Text(250);
export const Description = Text(20_000);
export const NoteBody = Text(20_000);

export const parseNewTicket = compileParser(
  Type.Object(
    {
      subject: Subject,
      description: Description,
      requesterEmail: Type.Optional(Email),
      priority: oneOf(ticketPriorities, { default: 'normal' }),
      customerId: OptionalId,
      contactId: OptionalId,
      newContact: Type.Optional(
        Type.Object({ firstName: Text(100), lastName: Text(100), email: Email }, { additionalProperties: false }),
      ),
      locationId: OptionalId,
      areaId: OptionalId,
      teamId: OptionalId,
      assigneeId: OptionalId,
      emailAccountId: OptionalId,
      contractId: OptionalId,
    },
    { additionalProperties: false },
  ),
  'ticket',
);

export const parseTicketEdit = compileParser(
  Type.Object(
    {
      subject: Type.Optional(Subject),
      description: Type.Optional(Description),
      priority: Type.Optional(oneOf(ticketPriorities)),
      locationId: ClearableId,
      areaId: ClearableId,
      teamId: ClearableId,
      contractId: ClearableId,
    },
    { additionalProperties: false, minProperties: 1 },
  ),
  'change',
);

export const parseAssignment = compileParser(
  Type.Object({ assigneeId: ClearableId, teamId: ClearableId }, { additionalProperties: false, minProperties: 1 }),
  'assignment',
);

export const parseStatusChange = compileParser(Type.Object({ status: Status }, { additionalProperties: false }), 'status change');

export const parseNewNote = compileParser(
  Type.Object({ body: NoteBody, visibility: oneOf(noteVisibilities) }, { additionalProperties: false }),
  'note',
);

export const parseListQuery = compileParser(
  Type.Object(
    {
      status: Type.Optional(StatusList),
      customerId: OptionalId,
      teamId: OptionalId,
      assigneeId: OptionalId,
      q: Type.Optional(SearchText),
      sort: oneOf(sortKeys, { default: 'updatedAt' }),
      order: oneOf(['asc', 'desc'], { default: 'desc' }),
      limit: Limit,
      cursor: Type.Optional(Cursor),
    },
    { additionalProperties: false },
  ),
  'query',
  { coerce: true },
);

export const parseTicketId = compileParser(Id, 'ticket id');

const NullableId = Type.Union([Id, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
/** Who did something: a staff user, a contact, or the system (an email, an automation). */
const Actor = Type.Object({ kind: Type.String({ description: 'staff, contact or system' }), id: Type.Union([Type.String(), Type.Null()]) });

/** A ticket as the API answers it: ticketResponse is typed by it and the description gives it, so they cannot part. */
export const TicketBody = Type.Object({
  id: Id,
  number: Type.Integer({ minimum: 1 }),
  subject: Type.String(),
  description: Type.String(),
  requesterEmail: Type.String(),
  status: Type.String({ enum: [...ticketStatuses] }),
  priority: Type.String({ enum: [...ticketPriorities] }),
  customerId: NullableId,
  contactId: NullableId,
  locationId: NullableId,
  areaId: NullableId,
  teamId: NullableId,
  assigneeId: NullableId,
  emailAccountId: NullableId,
  contractId: NullableId,
  timeSpentMinutes: Type.Integer({ minimum: 0, description: 'The sum of the time entries logged on it.' }),
  createdBy: Actor,
  channel: Type.Union([Type.String({ enum: ['portal', 'agent', 'email'] }), Type.Null()], { description: 'null for tickets opened before it was kept' }),
  linkedTicketId: Type.Union([Id, Type.Null()], { description: 'A reply to this ticket, closed too long ago, opened this one.' }),
  descriptionHtml: Type.Union([Type.String(), Type.Null()], { description: 'The sanitised HTML of the email that opened it; null otherwise.' }),
  version: Type.Integer({ minimum: 1, description: 'Also its ETag: changes send it back in If-Match.' }),
  createdAt: Instant,
  updatedAt: Instant,
});

export const TicketPage = Type.Object({ items: Type.Array(TicketBody), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** A note as the API answers it (noteResponse is typed by it; NoteBody is what a new one sends). */
export const NoteAnswer = Type.Object({
  id: Id,
  visibility: Type.String({ enum: [...noteVisibilities] }),
  body: Type.String(),
  author: Actor,
  createdAt: Instant,
});

export function ticketResponse(ticket: Ticket): Static<typeof TicketBody> {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    requesterEmail: ticket.requesterEmail,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customerId,
    contactId: ticket.contactId,
    locationId: ticket.locationId,
    areaId: ticket.areaId,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    emailAccountId: ticket.emailAccountId,
    contractId: ticket.contractId,
    /** The sum of the time entries logged on it (kept from time_entry.* events). */
    timeSpentMinutes: ticket.timeSpentMinutes,
    createdBy: { kind: ticket.createdByKind, id: ticket.createdById },
    /** portal, agent or email (null for tickets opened before it was kept). */
    channel: ticket.channel,
    /** A reply to this ticket, closed too long ago, opened this one. */
    linkedTicketId: ticket.linkedTicketId,
    /** The sanitised HTML of the email that opened it; null otherwise. */
    descriptionHtml: ticket.descriptionHtml,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** An attachment of a ticket's email, and where to fetch it (through the gateway). */
export function attachmentResponse(attachment: AttachmentSummary) {
  return {
    id: attachment.id,
    filename: attachment.filename,
    contentType: attachment.contentType,
    size: attachment.size,
    inline: attachment.inline,
    contentId: attachment.contentId,
    url: `/api/attachments/${attachment.id}`,
  };
}

/** GET /api/tickets/{id}: the ticket with where it came from, its newest notes (with their sanitised HTML), attachments and participants. */
export function ticketDetailResponse(detail: TicketDetail) {
  const { ticket } = detail;
  return {
    ...ticketResponse(ticket),
    attachments: detail.attachments.filter((a) => a.noteId === null).map(attachmentResponse),
    participants: detail.participants,
    notes: detail.notes.notes.map((note) => ticketNoteResponse(note, detail.attachments)),
    /** For GET /api/tickets/{id}/notes: the page of notes before these; null when these are all. */
    olderNotesCursor: olderNotesCursor(detail.notes),
  };
}

/** GET /api/tickets/{id}/notes: a page of notes, oldest first; `nextCursor` leads to the older ones. */
export function ticketNotesResponse(page: NotePage & { attachments: AttachmentSummary[] }) {
  return { items: page.notes.map((note) => ticketNoteResponse(note, page.attachments)), nextCursor: olderNotesCursor(page) };
}

export function olderNotesCursor(page: NotePage): string | null {
  return page.older ? encodeTimeCursor(page.older) : null;
}

/** A note as agents read it with the ticket: its email's sanitised HTML and attachments too. */
function ticketNoteResponse(note: TicketNote, attachments: AttachmentSummary[]) {
  return {
    ...noteResponse(note),
    bodyHtml: note.bodyHtml,
    sourceEmailId: note.sourceEmailId,
    attachments: attachments.filter((a) => a.noteId === note.id).map(attachmentResponse),
  };
}

/** ?limit=&cursor= of a page of notes: the cursor is a nextCursor (or olderNotesCursor) given out before. */
export const parseNotesQuery = compileParser(
  Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: newestNotesShown }), cursor: Type.Optional(Cursor) }, { additionalProperties: false }),
  'query',
  { coerce: true },
);

export function notePageRequest(query: { limit: number; cursor?: string }): NotePageRequest {
  return { limit: query.limit, ...(query.cursor === undefined ? {} : { before: decodeTimeCursor(query.cursor) }) };
}

/** An agent's new note, and the ticket's version after it (also the answer's ETag). */
export const AddedNote = Type.Object({ ...NoteAnswer.properties, ticketVersion: Type.Integer({ minimum: 1 }) });

export function addedNoteResponse(note: TicketNote, ticketVersion: number): Static<typeof AddedNote> {
  return { ...noteResponse(note), ticketVersion };
}

export function noteResponse(note: TicketNote): Static<typeof NoteAnswer> {
  return {
    id: note.id,
    visibility: note.visibility,
    body: note.body,
    author: { kind: note.authorKind, id: note.authorId },
    createdAt: note.createdAt.toISOString(),
  };
}

export function historyEntryResponse(entry: HistoryEntryWithNote) {
  return {
    id: entry.id.toString(),
    at: entry.at.toISOString(),
    actor: { kind: entry.actorKind, id: entry.actorId },
    kind: entry.kind,
    visibility: entry.visibility,
    ...(entry.field ? { field: entry.field, from: entry.fromValue, to: entry.toValue } : {}),
    ...(entry.note ? { note: { id: entry.note.id, visibility: entry.note.visibility, body: entry.note.body } } : {}),
    // A time entry's line: which entry, and its day, the agent's note and name.
    ...(entry.timeEntryId ? { timeEntry: { id: entry.timeEntryId, ...(entry.details as object) } } : {}),
  };
}
