import { randomUUID } from 'node:crypto';
import { ConflictError } from '@helpdesk/errors';
import type { StaffPrincipal } from '@helpdesk/http';
import type { CustomerAccess } from '@helpdesk/team-access';
import type { ContractsDatabase } from '../../persistence/client.js';
import { lockTicketForTime } from '../../persistence/time-entry.repository.js';
import { today } from '../contracts/contract.js';
import { reachableTicket, recordTimeChange, type PlannedTime } from './time-write.js';
import { ensureWorkedOnNotInFuture } from './worked-on.js';

export interface NewTimeEntry {
  ticketId: string;
  minutes: number;
  workedOn?: string;
  note?: string | null;
  confirmOverLimit?: boolean;
}

/** Logs time on a ticket against the contract the ticket has now, under the ticket's and the contract's locks. */
export function logTime(db: ContractsDatabase, staff: StaffPrincipal, access: CustomerAccess, input: NewTimeEntry): Promise<PlannedTime> {
  const workedOn = input.workedOn ?? today();
  ensureWorkedOnNotInFuture(workedOn);
  return recordTimeChange(
    db,
    (sql) => lockTicketForTime(sql, input.ticketId, staff.userId),
    (locked) => {
      const ticket = reachableTicket(locked, access, input.ticketId);
      if (locked.contract && locked.contract.customerId !== ticket.customerId) throw new ContractOfAnotherCustomerError(ticket.number, locked.contract.contractId);
      return {
        kind: 'logged',
        actorId: staff.userId,
        ticket,
        contract: locked.contract,
        confirmOverLimit: input.confirmOverLimit ?? false,
        after: { id: randomUUID(), minutes: input.minutes, workedOn, note: input.note ?? null, staffUserId: staff.userId, staffName: locked.actorName, overLimit: false, version: 1 },
      };
    },
  );
}

/**
 * Defence in depth: the tickets service lets a ticket have only a contract of its own customer, so this
 * service's copy naming another customer's contract is a fault somewhere; time is never billed across customers.
 */
class ContractOfAnotherCustomerError extends ConflictError {
  constructor(ticketNumber: number, contractId: string) {
    super(`Ticket #${ticketNumber} is assigned to contract ${contractId}, which belongs to another customer: no time is logged until the ticket's contract is corrected.`);
  }
}
