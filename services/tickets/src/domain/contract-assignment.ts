import { UnprocessableError } from '@helpdesk/errors';
import type { ContractTerm } from '../persistence/ticket-reference.repository.js';

/** The UTC calendar date of an instant (YYYY-MM-DD): a ticket's date is the day it was opened. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Why a ticket of `customerId` opened on `openedOn` cannot be assigned to `contract`, or null when it
 * can (docs/contracts.md, Tickets and contracts): the contract must be the ticket's customer's and
 * current on that day: started (or no start), and neither past its end date nor past an early end.
 * Unlike the other ids, the reason says whose contract it is: the agent picked it from a list of the
 * customer's contracts, and needs to know why it does not fit.
 */
export function contractRefusal(contract: ContractTerm | null, customerId: string | null, openedOn: string): string | null {
  if (!customerId) return 'cannot be set on a ticket without a customer';
  if (!contract) return 'is an unknown contract (or one created a moment ago: then try again)';
  if (contract.customerId !== customerId) return "is another customer's contract";
  const notCurrent = `is not current on ${openedOn}, the day the ticket was opened`;
  if (contract.startDate !== null && contract.startDate > openedOn) return `${notCurrent}: it starts on ${contract.startDate}`;
  const [end] = [contract.endDate, contract.endedOn].filter((date): date is string => date !== null).sort();
  if (end !== undefined && end < openedOn) return `${notCurrent}: it ended on ${end}`;
  return null;
}

/** Throws the 422 naming contractId when the contract does not fit the ticket. */
export function refuseUnfitContract(contract: ContractTerm | null, customerId: string | null, openedOn: string): void {
  const refusal = contractRefusal(contract, customerId, openedOn);
  if (refusal) throw new UnprocessableError(`contractId ${refusal}.`, [{ pointer: '/contractId', message: refusal }]);
}
