import { Type, compileParser } from '@helpdesk/validation';
import type { PortalTicketDetail } from '../domain/get-portal-ticket.js';
import type { PublicHistoryEntry } from '../persistence/portal-ticket.repository.js';
import type { TicketNote } from '../persistence/note.repository.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { Cursor, Description, Limit, NoteBody, SearchText, StatusList, Subject } from './tickets.schemas.js';
import type { AttachmentSummary } from '../persistence/attachment.repository.js';
import { attachmentResponse, olderNotesCursor } from './tickets.schemas.js';
import type { NotePage } from '../domain/note-page.js';

export const parsePortalNewTicket = compileParser(
  Type.Object(
    { subject: Subject, description: Description, emailAccountId: Type.Optional(Type.String({ format: 'uuid' })) },
    { additionalProperties: false },
  ),
  'ticket',
);

export const parsePortalNote = compileParser(Type.Object({ body: NoteBody }, { additionalProperties: false }), 'note');

export const parsePortalListQuery = compileParser(
  Type.Object(
    { status: Type.Optional(StatusList), q: Type.Optional(SearchText), limit: Limit, cursor: Type.Optional(Cursor) },
    { additionalProperties: false },
  ),
  'query',
  { coerce: true },
);

// What a customer sees of a ticket: never its team, assignee, contract, intake account or version; the time logged on it, yes.
export function portalTicketResponse(ticket: Ticket) {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    contactId: ticket.contactId,
    locationId: ticket.locationId,
    areaId: ticket.areaId,
    timeSpentMinutes: ticket.timeSpentMinutes,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** Staff are shown as "staff": which agent it was is the helpdesk's business. */
function portalActor(kind: string, id: string) {
  return kind === 'contact' ? { kind, id } : { kind };
}

export function portalNoteResponse(note: TicketNote, attachments: AttachmentSummary[] = []) {
  return {
    id: note.id,
    body: note.body,
    // Sanitised by mail-ingest before it got here; null for notes written in the portal or by agents.
    bodyHtml: note.bodyHtml,
    author: portalActor(note.authorKind, note.authorId),
    createdAt: note.createdAt.toISOString(),
    attachments: attachments.filter((a) => a.noteId === note.id).map(attachmentResponse),
  };
}

/** GET /api/portal/tickets/{id}/notes: a page of public notes, oldest first; `nextCursor` leads to the older ones. */
export function portalNotesResponse(page: NotePage & { attachments: AttachmentSummary[] }) {
  return { items: page.notes.map((note) => portalNoteResponse(note, page.attachments)), nextCursor: olderNotesCursor(page) };
}

function portalHistoryEntryResponse(entry: PublicHistoryEntry) {
  return {
    id: entry.id.toString(),
    at: entry.at.toISOString(),
    actor: portalActor(entry.actorKind, entry.actorId),
    kind: entry.kind,
    ...(entry.field ? { field: entry.field, from: entry.fromValue, to: entry.toValue } : {}),
    ...(entry.note?.visibility === 'public' ? { note: { id: entry.note.id } } : {}),
  };
}

export function portalTicketDetailResponse(detail: PortalTicketDetail) {
  return {
    ...portalTicketResponse(detail.ticket),
    descriptionHtml: detail.ticket.descriptionHtml,
    attachments: detail.attachments.filter((a) => a.noteId === null).map(attachmentResponse),
    notes: detail.notes.notes.map((note) => portalNoteResponse(note, detail.attachments)),
    /** For GET /api/portal/tickets/{id}/notes: the page of notes before these; null when these are all. */
    olderNotesCursor: olderNotesCursor(detail.notes),
    history: detail.history.map(portalHistoryEntryResponse),
    timeEntries: detail.timeEntries,
  };
}
