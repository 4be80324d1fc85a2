/**
 * Contract hours have two decimals and time is counted in whole minutes (docs/contracts.md, "Minutes and
 * hours"). Every figure in every service turns hours into minutes with these, so an answer, a 409, an
 * event and an email never disagree by a minute: the contract's hours are the most whole minutes within
 * them (floor), a threshold the fewest that reach it (ceil), computed in hundredths of an hour, exactly.
 */
const hundredthsOf = (hours: number) => Math.round(hours * 100);

/** Hours as the two decimals they are stored and compared with. */
export const roundedHours = (hours: number) => hundredthsOf(hours) / 100;

/** The contract's hours as minutes: the limit, and what remaining and overage are counted from. */
export const contractMinutesOf = (hours: number) => Math.floor((hundredthsOf(hours) * 60) / 100);

/** The fewest minutes that reach a threshold of `hours`. */
export const thresholdMinutesOf = (hours: number) => Math.ceil((hundredthsOf(hours) * 60) / 100);

/** Minutes as hours with two decimals, as people read contract hours. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/** What is left of the contract's hours after `usedMinutes` (0 once used up) and what is used beyond them. */
export function remainingAndOverage(contractHours: number, usedMinutes: number): { remainingMinutes: number; overageMinutes: number } {
  const contractMinutes = contractMinutesOf(contractHours);
  return { remainingMinutes: Math.max(0, contractMinutes - usedMinutes), overageMinutes: Math.max(0, usedMinutes - contractMinutes) };
}

/** The contract's minutes minus those used, negative past them: `remainingMinutes` of contract.ticket_closed. */
export const minutesLeft = (contractHours: number, usedMinutes: number) => contractMinutesOf(contractHours) - usedMinutes;
