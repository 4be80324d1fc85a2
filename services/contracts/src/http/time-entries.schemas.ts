import { decodeTimeCursor, encodeTimeCursor, type TimePosition } from '@helpdesk/http';
import { Type, compileParser, invalidInput, refineParser, type Static } from '@helpdesk/validation';
import type { ContractTimePage } from '../domain/time/contract-time.js';
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

const timeEntryQuery = compileParser(
  Type.Object(
    {
      ticketId: Type.Optional(Type.String({ format: 'uuid', description: 'A ticket: all its entries, with its total (no paging). Either this or contractId.' })),
      contractId: Type.Optional(Type.String({ format: 'uuid', description: 'A contract: the entries billed to it, the last logged first, a page at a time.' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Entries on a page of a contract’s (default 25).' })),
      cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The nextCursor of the page before (a contract’s).' })),
    },
  ),
  'query',
  { coerce: true },
);

/** ?ticketId= (a ticket's entries) or ?contractId=&limit=&cursor= (a page of a contract's): exactly one of the two ids. */
export const parseTimeEntryQuery = refineParser(timeEntryQuery, (query): { ticketId: string } | { contractId: string; limit: number; before?: TimePosition } => {
  const { ticketId, contractId, limit, cursor } = query;
  if (ticketId !== undefined && contractId === undefined && limit === undefined && cursor === undefined) return { ticketId };
  if (contractId !== undefined && ticketId === undefined) return { contractId, limit: limit ?? 25, ...(cursor === undefined ? {} : { before: decodeTimeCursor(cursor) }) };
  throw invalidInput('query', [{ pointer: '/contractId', message: 'or ticketId is required (one of them; limit and cursor page a contract’s entries only)' }], false);
});
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

export const ContractTimeBody = Type.Object({
  contractId: Uuid,
  items: Type.Array(Type.Object({ ...TimeEntryBody.properties, ticketNumber: Type.Integer(), ticketSubject: Type.String(), loggedAt: Type.String({ format: 'date-time' }) })),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

/** GET /api/time-entries: a ticket's time, or a page of a contract's. */
export const TimeEntriesBody = Type.Union([TicketTimeBody, ContractTimeBody]);

export function timeEntryResponse(entry: TimeEntryView): Static<typeof TimeEntryBody> {
  const { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version } = entry;
  return { id, ticketId, contractId, minutes, workedOn, note, staffUserId, staffName, overLimit, version };
}

/** A page of a contract's entries, each with its ticket's number and subject and when it was logged. */
export function contractTimeResponse(contractId: string, page: ContractTimePage): Static<typeof ContractTimeBody> {
  return {
    contractId,
    items: page.entries.map((entry) => ({ ...timeEntryResponse(entry), ticketNumber: entry.ticketNumber, ticketSubject: entry.ticketSubject, loggedAt: entry.createdAt.toISOString() })),
    nextCursor: page.next ? encodeTimeCursor({ at: page.next.createdAt, id: page.next.id }) : null,
  };
}

export function timeChangeResponse(planned: PlannedTime): Static<typeof TimeChangeBody> {
  return { ...timeEntryResponse(planned.entry), ticketTotalMinutes: planned.ticketTotalMinutes, contract: planned.contract };
}

/** The time logged on a ticket. */
export function ticketTimeResponse(time: { ticketId: string; totalMinutes: number; entries: TimeEntryView[] }): Static<typeof TicketTimeBody> {
  return { ticketId: time.ticketId, totalMinutes: time.totalMinutes, entries: time.entries.map(timeEntryResponse) };
}
