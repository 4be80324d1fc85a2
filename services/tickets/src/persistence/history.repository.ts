import type { Tx } from './client.js';
import type { TicketHistoryEntry, TicketNote } from './generated/client.js';

export interface HistoryRow {
  kind: string;
  field?: string;
  from?: string | null;
  to?: string | null;
  noteId?: string;
  timeEntry?: { id: string; version: number; details: object };
  visibility: string;
}

export type HistoryEntryWithNote = TicketHistoryEntry & { note: TicketNote | null };

/**
 * Appends lines to a ticket's timeline, in the caller's transaction (the one of the change). A time
 * entry's line for a version of the entry that already has one is skipped: the event came again.
 */
export async function appendHistory(tx: Tx, ticketId: string, at: Date, actor: { kind: string; id: string }, rows: HistoryRow[]): Promise<void> {
  await tx.ticketHistoryEntry.createMany({
    data: rows.map((row) => ({
      ticketId,
      at,
      actorKind: actor.kind,
      actorId: actor.id,
      kind: row.kind,
      field: row.field ?? null,
      fromValue: row.from ?? null,
      toValue: row.to ?? null,
      noteId: row.noteId ?? null,
      timeEntryId: row.timeEntry?.id ?? null,
      timeEntryVersion: row.timeEntry?.version ?? null,
      details: row.timeEntry?.details,
      visibility: row.visibility,
    })),
    skipDuplicates: true,
  });
}

/** The whole timeline, internal lines included: for agents only. */
export function listHistory(tx: Tx, ticketId: string): Promise<HistoryEntryWithNote[]> {
  return tx.ticketHistoryEntry.findMany({ where: { ticketId }, include: { note: true }, orderBy: { id: 'asc' } });
}
