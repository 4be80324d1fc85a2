import type { Tx } from './client.js';
import type { TicketHistoryEntry, TicketNote } from './generated/client.js';

export interface HistoryRow {
  kind: string;
  field?: string;
  from?: string | null;
  to?: string | null;
  noteId?: string;
  visibility: string;
}

export type HistoryEntryWithNote = TicketHistoryEntry & { note: TicketNote | null };

/** Appends lines to a ticket's timeline, in the caller's transaction (the one of the change). */
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
      visibility: row.visibility,
    })),
  });
}

/** The whole timeline, internal lines included: for agents only. */
export function listHistory(tx: Tx, ticketId: string): Promise<HistoryEntryWithNote[]> {
  return tx.ticketHistoryEntry.findMany({ where: { ticketId }, include: { note: true }, orderBy: { id: 'asc' } });
}
