import { isCustomerVisibleField, type FieldChange, type NoteVisibility, type TicketStatus } from './ticket.js';

/** One line of a ticket's timeline. Its visibility is decided here, when it is written: portal queries read public lines only. */
export interface NewHistoryEntry {
  kind: 'created' | 'field_changed' | 'status_changed' | 'assigned' | 'note_added';
  field?: string;
  from?: string | null;
  to?: string | null;
  noteId?: string;
  visibility: NoteVisibility;
}

export const createdEntry: NewHistoryEntry = { kind: 'created', visibility: 'public' };

export function fieldChangeEntries(changes: FieldChange<string>[]): NewHistoryEntry[] {
  return changes.map(({ field, from, to }) => ({
    kind: 'field_changed',
    field,
    from,
    to,
    visibility: isCustomerVisibleField(field) ? 'public' : 'internal',
  }));
}

export function statusChangeEntry(from: TicketStatus, to: TicketStatus): NewHistoryEntry {
  return { kind: 'status_changed', field: 'status', from, to, visibility: 'public' };
}

export function assignmentEntries(changes: FieldChange<'assigneeId' | 'teamId'>[]): NewHistoryEntry[] {
  return changes.map(({ field, from, to }) => ({ kind: 'assigned', field, from, to, visibility: 'internal' }));
}

/** A note's line is exactly as visible as the note. */
export function noteEntry(noteId: string, visibility: NoteVisibility): NewHistoryEntry {
  return { kind: 'note_added', noteId, visibility };
}
