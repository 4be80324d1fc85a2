import { defineEvent } from '../../envelope.js';
import { TimeEntrySnapshot, exampleTimeEntry } from './shared.js';

export const timeEntryLoggedV1 = defineEvent({
  type: 'time_entry.logged',
  version: 1,
  producer: 'contracts',
  aggregate: 'time_entry',
  description: "An agent logged time on a ticket: the entry, and the ticket's and its contract's totals after it.",
  schema: TimeEntrySnapshot,
  example: exampleTimeEntry,
});
