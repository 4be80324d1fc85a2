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

/** A time entry as the API answers it (timeEntryResponse is typed by it, the description gives it). */
export const TimeEntryBody = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  contractId: Type.Union([Uuid, Type.Null()]),
  minutes: Minutes,
  workedOn: WorkedOn,
  note: Note,
  staffUserId: Uuid,
  staffName: Type.Union([Type.String(), Type.Null()]),
  overLimit: Type.Boolean({ description: 'Logged past the contract hours, confirmed.' }),
  version: Version,
});

/** A change's answer: the entry, the ticket's total, and the contract's hours after it (null for a ticket without a contract). */
export const TimeChangeBody = Type.Object({
  ...TimeEntryBody.properties,
  ticketTotalMinutes: Type.Integer({ minimum: 0 }),
  contract: Type.Union([
    Type.Object({ contractId: Uuid, usedMinutes: Type.Integer(), remainingMinutes: Type.Union([Type.Integer(), Type.Null()]), overageMinutes: Type.Integer(), thresholdReached: Type.Boolean() }),
    Type.Null(),
  ]),
});

export const TicketTimeBody = Type.Object({ ticketId: Uuid, totalMinutes: Type.Integer({ minimum: 0 }), entries: Type.Array(TimeEntryBody) });

export function timeEntryResponse(entry: TimeEntryView): Static<typeof TimeEntryBody> {
  const { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version } = entry;
  return { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version };
}

export function timeChangeResponse(planned: PlannedTime): Static<typeof TimeChangeBody> {
  return { ...timeEntryResponse(planned.entry), ticketTotalMinutes: planned.ticketTotalMinutes, contract: planned.contract };
}

/** The time logged on a ticket. */
export function ticketTimeResponse(time: { ticketId: string; totalMinutes: number; entries: TimeEntryView[] }): Static<typeof TicketTimeBody> {
  return { ticketId: time.ticketId, totalMinutes: time.totalMinutes, entries: time.entries.map(timeEntryResponse) };
}
