import type { Tx } from '../persistence/client.js';
import { appendHistory } from '../persistence/history.repository.js';
import { lockTicketForTime, refreshTimeSpent, saveTimeEntry } from '../persistence/time-entry.repository.js';
import { timeEntryLine, type TimeEntryLineKind } from './history.js';

/** A change to a time entry as the contracts service announced it (time_entry.logged / updated / deleted). */
export interface TimeEntryChange {
  kind: TimeEntryLineKind;
  entry: {
    id: string;
    ticketId: string;
    minutes: number;
    workedOn: string;
    note: string | null;
    staffUserId: string;
    staffName: string | null;
  };
  /** The entry's version after the change (the event's aggregate version). */
  version: number;
  /** The minutes before an edit. */
  previousMinutes?: number;
  /** Who logged, edited or deleted it, and when. */
  by: string;
  at: Date;
}

/**
 * Applies a time entry's change to its ticket: the entry's newest state by version (an older or
 * repeated event leaves it as it is, a deleted entry stays deleted), one history line per version of
 * the entry, and the ticket's total recomputed from its entries under the ticket's row lock, so that
 * whatever order and however often the events arrive, on however many instances, the total is the
 * sum of the entries' newest states. Time logged is not an edit of the ticket: its version (the one
 * agents send back in If-Match) and its updated_at stay as they are.
 */
export async function recordTimeEntryChange(tx: Tx, change: TimeEntryChange): Promise<void> {
  const { entry } = change;
  const ticketKnown = await lockTicketForTime(tx, entry.ticketId);
  await saveTimeEntry(tx, { ...entry, deleted: change.kind === 'time_deleted' }, change.version);
  // Tickets are opened here before any time can be logged on them; an unknown one has no history to write to.
  if (!ticketKnown) return;
  const line = timeEntryLine(change.kind, { ...entry, version: change.version, previousMinutes: change.previousMinutes });
  await appendHistory(tx, entry.ticketId, change.at, { kind: 'staff', id: change.by }, [line]);
  await refreshTimeSpent(tx, entry.ticketId);
}
