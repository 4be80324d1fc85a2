import { contractMinutesOf, hoursOf, remainingAndOverage, thresholdMinutesOf } from '@helpdesk/contracts-schema';
import { ConflictError } from '@helpdesk/errors';
import type { ContractSnapshot } from '../contracts/contract.js';

export type { ContractSnapshot };

/** A contract as the time rules see it: its events' snapshot, whether its threshold is reached (disarmed), its version. */
export interface ContractHours extends ContractSnapshot {
  thresholdReached: boolean;
  version: number;
}

export function snapshotOf({ thresholdReached: _reached, version: _version, ...snapshot }: ContractHours): ContractSnapshot {
  return snapshot;
}

/** The most minutes that stay within the contract's hours (a contract with an hour restriction), or null. */
export function limitMinutes(contract: Pick<ContractHours, 'hourRestriction' | 'contractHours'>): number | null {
  return contract.hourRestriction && contract.contractHours !== null ? contractMinutesOf(contract.contractHours) : null;
}

/** The fewest minutes that reach the notification threshold, or null without one. */
export function thresholdMinutes(contract: Pick<ContractHours, 'thresholdHours'>): number | null {
  return contract.thresholdHours === null ? null : thresholdMinutesOf(contract.thresholdHours);
}

/** What a change of `delta` minutes does to a contract: its new total, the threshold's state, the overage it confirmed. */
export interface HoursDecision {
  usedAfter: number;
  /** The change took the total to the threshold while it was armed: record it and warn, once. */
  thresholdCrossed: boolean;
  thresholdReachedAfter: boolean;
  /** Minutes past the limit after a confirmed change that added to them; null when the limit was not passed. */
  overageMinutes: number | null;
}

/**
 * Applies a change of the used time under the contract's row lock (docs/contracts.md, "Time, the
 * threshold and the limit"): a change that adds minutes and ends past the limit is refused unless
 * confirmed; the threshold is crossed when a change that adds minutes takes the total to it while armed,
 * and re-armed when a change takes the total back below it.
 */
export function decideHours(contract: ContractHours, delta: number, confirmOverLimit: boolean): HoursDecision {
  const usedAfter = contract.usedMinutes + delta;
  const limit = limitMinutes(contract);
  const passesLimit = limit !== null && delta > 0 && usedAfter > limit;
  if (passesLimit && !confirmOverLimit) throw new OverContractLimitError(contract, delta);
  const threshold = thresholdMinutes(contract);
  const atThreshold = threshold !== null && usedAfter >= threshold;
  // Only a change that adds minutes crosses (it names the entry that did it); one that takes minutes off
  // and stays at or above a threshold lowered meanwhile leaves it armed for the next that adds.
  const thresholdCrossed = atThreshold && !contract.thresholdReached && delta > 0;
  return {
    usedAfter,
    thresholdCrossed,
    thresholdReachedAfter: atThreshold && (contract.thresholdReached || thresholdCrossed),
    overageMinutes: passesLimit ? usedAfter - limit : null,
  };
}

/** 409 over-contract-limit: how many hours and minutes remain (0 once used up) and how far past them it already is, and how to log the time anyway. */
export class OverContractLimitError extends ConflictError {
  override readonly problemType = 'over-contract-limit';
  override readonly members: { remainingMinutes: number; remainingHours: number; overageMinutes: number };

  constructor(contract: ContractHours, minutes: number) {
    const { remainingMinutes, overageMinutes } = remainingAndOverage(contract.contractHours!, contract.usedMinutes);
    const left =
      remainingMinutes > 0
        ? `${hoursOf(remainingMinutes)} hours (${remainingMinutes} minutes) remain`
        : overageMinutes === 0
          ? 'no hours remain'
          : `no hours remain (it is already ${overageMinutes} minutes past them)`;
    super(
      `Adding ${minutes} minutes would take contract "${contract.description}" past its ${contract.contractHours} hours: ${left}. ` +
        'Send "confirmOverLimit": true to record the time over the limit anyway.',
    );
    this.members = { remainingMinutes, remainingHours: hoursOf(remainingMinutes), overageMinutes };
  }
}
