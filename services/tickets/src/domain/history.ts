import { isCustomerVisibleField, type FieldChange, type NoteVisibility, type TicketStatus } from './ticket.js';

/** One line of a ticket's timeline. Its visibility is decided here, when it is written: portal queries read public lines only. */
export interface NewHistoryEntry {
  kind: 'created' | 'field_changed' | 'status_changed' | 'assigned' | 'note_added' | TimeEntryLineKind;
  field?: string;
  from?: string | null;
  to?: string | null;
  noteId?: string;
  /** A time entry's line: the entry at the version the line is about, and what it shows beside the minutes. */
  timeEntry?: { id: string; version: number; details: TimeEntryDetails };
  visibility: NoteVisibility;
}

export type TimeEntryLineKind = 'time_logged' | 'time_updated' | 'time_deleted';

/** What a time entry's line shows beside its minutes. The note is the agent's: the line is internal. */
export interface TimeEntryDetails {
  workedOn: string;
  note: string | null;
  staffName: string | null;
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

/**
 * A time entry logged, edited (minutes from -> to) or deleted, for agents only: the portal shows the
 * ticket's entries without notes from their own projection, never these lines.
 */
export function timeEntryLine(
  kind: TimeEntryLineKind,
  entry: { id: string; version: number; minutes: number; previousMinutes?: number } & TimeEntryDetails,
): NewHistoryEntry {
  const minutes = {
    time_logged: { from: null, to: String(entry.minutes) },
    time_updated: { from: String(entry.previousMinutes ?? entry.minutes), to: String(entry.minutes) },
    time_deleted: { from: String(entry.minutes), to: null },
  }[kind];
  return {
    kind,
    field: 'minutes',
    ...minutes,
    timeEntry: { id: entry.id, version: entry.version, details: { workedOn: entry.workedOn, note: entry.note, staffName: entry.staffName } },
    visibility: 'internal',
  };
}

/** A note's line is exactly as visible as the note. */
export function noteEntry(noteId: string, visibility: NoteVisibility): NewHistoryEntry {
  return { kind: 'note_added', noteId, visibility };
}
