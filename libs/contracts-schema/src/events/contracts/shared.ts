import { Type } from '@helpdesk/validation';

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);
/** A calendar date (YYYY-MM-DD): a contract's term and a time entry's day have no time of day. */
export const CalendarDate = Type.String({ format: 'date' });
const NullableDate = Type.Union([CalendarDate, Type.Null()]);
/** Hours with at most two decimals (0.01 h); time is counted in whole minutes. */
const NullableHours = Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, multipleOf: 0.01 }), Type.Null()]);

/**
 * The whole state of a contract as other services keep it (seed 004's fields), so the latest version
 * is enough. Hours are the administrator's figures; what was used is counted in minutes.
 */
export const ContractSnapshot = Type.Object({
  contractId: Uuid,
  customerId: Uuid,
  description: Type.String({ minLength: 1, maxLength: 200 }),
  purchaseOrderNumber: Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]),
  /** A contact of the customer: receives the contract update and the warnings. */
  customerContactId: Uuid,
  /** Staff users: the one primarily responsible, and the one overseeing them (optional). */
  supportContactId: Uuid,
  supportManagerId: NullableUuid,
  startDate: NullableDate,
  /** The last day of the term; a contract ended early has its end date moved to the day it ended. */
  endDate: NullableDate,
  /** Set when the contract was ended early (the day it was ended on); null while it runs its term. */
  endedOn: NullableDate,
  hourRestriction: Type.Boolean(),
  /** The workable hours (required with the restriction), and the warning threshold (below them). */
  contractHours: NullableHours,
  thresholdHours: NullableHours,
  /** Minutes logged on the contract's tickets, after the change. */
  usedMinutes: Type.Integer({ minimum: 0 }),
});

export const exampleContract = {
  contractId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  description: 'Support 2027',
  purchaseOrderNumber: 'PO-1234',
  customerContactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
  supportContactId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  supportManagerId: null,
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  endedOn: null,
  hourRestriction: true,
  contractHours: 40,
  thresholdHours: 35,
  usedMinutes: 600,
};

/** The ticket a contract event is about, with what an email about it shows. */
export const ContractTicketRef = Type.Object({
  ticketId: Uuid,
  number: Type.Integer({ minimum: 1 }),
  subject: Type.String({ minLength: 1, maxLength: 250 }),
});

export const exampleContractTicket = {
  ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
  number: 1001,
  subject: 'Printer on floor 3 is offline',
};

/** A time entry as other services keep it (the tickets service shows it in the ticket's history). */
export const TimeEntrySnapshot = Type.Object({
  entryId: Uuid,
  ticketId: Uuid,
  ticketNumber: Type.Integer({ minimum: 1 }),
  customerId: NullableUuid,
  /** The ticket's contract when the entry was logged or last changed; null for a ticket without one. */
  contractId: NullableUuid,
  minutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  workedOn: CalendarDate,
  /** The agent's note: for staff only, never shown in the portal. */
  note: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
  staffUserId: Uuid,
  staffName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  /** Logged past the contract's hours with the agent's explicit confirmation. */
  overLimit: Type.Boolean(),
  /** The ticket's total and the contract's total after the change (null without a contract). */
  ticketTotalMinutes: Type.Integer({ minimum: 0 }),
  contractUsedMinutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});

export const exampleTimeEntry = {
  entryId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
  ticketId: '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f',
  ticketNumber: 1001,
  customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
  contractId: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  minutes: 90,
  workedOn: '2027-02-03',
  note: 'Replaced the fuser',
  staffUserId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  staffName: 'Alex Agent',
  overLimit: false,
  ticketTotalMinutes: 150,
  contractUsedMinutes: 690,
};
