import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { TimeEntrySnapshot, exampleTimeEntry } from './shared.js';

export const timeEntryDeletedV1 = defineEvent({
  type: 'time_entry.deleted',
  version: 1,
  producer: 'contracts',
  aggregate: 'time_entry',
  description: "A time entry was deleted by its author or a manager: the entry as it was, who deleted it, and the totals after.",
  schema: Type.Object({ ...TimeEntrySnapshot.properties, deletedBy: Type.String({ format: 'uuid' }) }),
  example: { ...exampleTimeEntry, ticketTotalMinutes: 60, contractUsedMinutes: 600, deletedBy: exampleTimeEntry.staffUserId },
});
