import { UnprocessableError } from '@helpdesk/errors';

/** The furthest time zone ahead of UTC: a day is "today" somewhere until it is today there. */
const furthestAheadMs = 14 * 60 * 60 * 1000;

/**
 * A day worked may not be in the future. Agents work in many time zones and the service knows none
 * of them, so "the future" starts after today in the time zone furthest ahead (UTC+14): an agent in
 * Auckland can log the morning's work, nobody can log next week's.
 */
export function ensureWorkedOnNotInFuture(workedOn: string, now = new Date()): void {
  const latestToday = new Date(now.getTime() + furthestAheadMs).toISOString().slice(0, 10);
  if (workedOn > latestToday) {
    throw new UnprocessableError(`The time entry is invalid: /workedOn must not be in the future (${workedOn} is after today).`, [
      { pointer: '/workedOn', message: `must not be in the future (${workedOn} is after today)` },
    ]);
  }
}

