import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { TimeEntrySnapshot, exampleTimeEntry } from './shared.js';

export const timeEntryUpdatedV1 = defineEvent({
  type: 'time_entry.updated',
  version: 1,
  producer: 'contracts',
  aggregate: 'time_entry',
  description: 'A time entry was edited by its author or a manager: the entry after the change, who changed it, and its minutes before.',
  schema: Type.Object({
    ...TimeEntrySnapshot.properties,
    previousMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    changedBy: Type.String({ format: 'uuid' }),
  }),
  example: { ...exampleTimeEntry, minutes: 60, previousMinutes: 90, changedBy: exampleTimeEntry.staffUserId },
});
