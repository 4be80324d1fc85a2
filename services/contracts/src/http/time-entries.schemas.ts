import { Type, compileParser, invalidInput, type Static } from '@helpdesk/validation';
import type { PlannedTime, TimeEntryView } from '../domain/time/time-write.js';

const Uuid = Type.String({ format: 'uuid' });
const Minutes = Type.Integer({ minimum: 1, maximum: 1440 });
const WorkedOn = Type.String({ format: 'date' });
const Note = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const Version = Type.Integer({ minimum: 1 });

// The documented field rules answer 422 naming the field and the rule (docs/contracts.md).
const asRules = { unprocessable: true };

export const parseNewTimeEntry = compileParser(
  Type.Object(
    { ticketId: Uuid, minutes: Minutes, workedOn: Type.Optional(WorkedOn), note: Type.Optional(Note), confirmOverLimit: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  'time entry',
  asRules,
);

export const parseTimeEntryChanges = compileParser(
  Type.Object(
    { version: Version, minutes: Type.Optional(Minutes), workedOn: Type.Optional(WorkedOn), note: Type.Optional(Note), confirmOverLimit: Type.Optional(Type.Boolean()) },
    { additionalProperties: false },
  ),
  'change of the time entry',
  asRules,
);

/** DELETE takes the version in its body or, for clients that send no body with a DELETE, as `?version=`: one of them (timeEntryVersionOf). */
const deletionSchema = Type.Object({ version: Type.Optional(Version) });
export const parseTimeEntryDeletion = compileParser(deletionSchema, 'deletion of the time entry', { ...asRules, coerce: true });

/** The version a deletion names, in its body or else its query; 422 when neither does. */
export function timeEntryVersionOf(...inputs: Array<Static<typeof deletionSchema>>): number {
  const version = inputs.find((input) => input.version !== undefined)?.version;
  if (version === undefined) throw invalidInput('deletion of the time entry', [{ pointer: '/version', message: 'is required' }]);
  return version;
}

export const parseTicketTimeQuery = compileParser(Type.Object({ ticketId: Uuid }), 'query', { coerce: true });
export const parseTimeEntryId = compileParser(Uuid, 'time entry id');

export function timeEntryResponse(entry: TimeEntryView) {
  const { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version } = entry;
  return { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version };
}

/** A change's answer: the entry, the ticket's total, and the contract's hours after it (null for a ticket without one). */
export function timeChangeResponse(planned: PlannedTime) {
  return { ...timeEntryResponse(planned.entry), ticketTotalMinutes: planned.ticketTotalMinutes, contract: planned.contract };
}
