import type { Tx } from './client.js';
import type { TicketNote } from './generated/client.js';

export type { TicketNote };

export interface NewNoteRow {
  ticketId: string;
  visibility: string;
  body: string;
  authorKind: string;
  authorId: string;
}

export function insertNote(tx: Tx, row: NewNoteRow): Promise<TicketNote> {
  return tx.ticketNote.create({ data: row });
}
