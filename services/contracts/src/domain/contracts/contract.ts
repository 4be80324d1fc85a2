import { hoursOf, remainingAndOverage, thresholdMinutesOf, type contractCreatedV1, type EventData } from '@helpdesk/contracts-schema';
import type { Contract, ContractFields } from '../../persistence/contract.repository.js';

export type ContractSnapshot = EventData<typeof contractCreatedV1>;

/** A calendar day (YYYY-MM-DD) of a DATE column. */
export const calendarDay = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));

/** Today as a calendar day: contract terms, and a time entry's day when a request gives none, are UTC days. */
export const today = () => new Date().toISOString().slice(0, 10);

const number = (value: { toNumber(): number } | null) => (value === null ? null : value.toNumber());

/** What an administrator set, as the API and the events show it. */
export function contractFields(contract: Contract): ContractFields {
  return {
    description: contract.description,
    purchaseOrderNumber: contract.purchaseOrderNumber,
    customerContactId: contract.customerContactId,
    supportContactId: contract.supportContactId,
    supportManagerId: contract.supportManagerId,
    startDate: calendarDay(contract.startDate),
    endDate: calendarDay(contract.endDate),
    hourRestriction: contract.hourRestriction,
    contractHours: number(contract.contractHours),
    thresholdHours: number(contract.thresholdHours),
  };
}

/** The whole state the contract.* events carry; `usedMinutes` is the row's running total. */
export function contractSnapshot(contract: Contract): ContractSnapshot {
  return {
    contractId: contract.id,
    customerId: contract.customerId,
    ...contractFields(contract),
    endedOn: calendarDay(contract.endedOn),
    usedMinutes: contract.usedMinutes,
  };
}

export interface HourFigures {
  usedMinutes: number;
  usedHours: number;
  /** What is left of the contract hours (0 once used up); null without contract hours. */
  remainingMinutes: number | null;
  remainingHours: number | null;
  /** Used beyond the contract hours; null without contract hours. */
  overageMinutes: number | null;
  overageHours: number | null;
  /** The used time is at or above the threshold. */
  thresholdReached: boolean;
}

export function hourFigures(contract: Contract): HourFigures {
  const used = contract.usedMinutes;
  const figures = contract.contractHours === null ? null : remainingAndOverage(contract.contractHours.toNumber(), used);
  return {
    usedMinutes: used,
    usedHours: hoursOf(used),
    remainingMinutes: figures?.remainingMinutes ?? null,
    remainingHours: figures ? hoursOf(figures.remainingMinutes) : null,
    overageMinutes: figures?.overageMinutes ?? null,
    overageHours: figures ? hoursOf(figures.overageMinutes) : null,
    thresholdReached: contract.thresholdHours !== null && used >= thresholdMinutesOf(contract.thresholdHours.toNumber()),
  };
}
