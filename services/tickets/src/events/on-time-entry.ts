import type { Envelope, EventData, timeEntryDeletedV1, timeEntryLoggedV1, timeEntryUpdatedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { recordTimeEntryChange, type TimeEntryChange } from '../domain/record-time-entry.js';

type TimeEntryEvent = EventData<typeof timeEntryLoggedV1>;

function changeOf(event: Envelope<TimeEntryEvent>, kind: TimeEntryChange['kind'], by: string, previousMinutes?: number): TimeEntryChange {
  const { entryId, ticketId, minutes, workedOn, note, staffUserId, staffName } = event.data;
  return {
    kind,
    entry: { id: entryId, ticketId, minutes, workedOn, note, staffUserId, staffName },
    version: event.aggregate.version,
    previousMinutes,
    by,
    at: new Date(event.occurredAt),
  };
}

export function onTimeEntryLogged(event: Envelope<TimeEntryEvent>, tx: Tx): Promise<void> {
  return recordTimeEntryChange(tx, changeOf(event, 'time_logged', event.data.staffUserId));
}

export function onTimeEntryUpdated(event: Envelope<EventData<typeof timeEntryUpdatedV1>>, tx: Tx): Promise<void> {
  return recordTimeEntryChange(tx, changeOf(event, 'time_updated', event.data.changedBy, event.data.previousMinutes));
}

export function onTimeEntryDeleted(event: Envelope<EventData<typeof timeEntryDeletedV1>>, tx: Tx): Promise<void> {
  return recordTimeEntryChange(tx, changeOf(event, 'time_deleted', event.data.deletedBy));
}
