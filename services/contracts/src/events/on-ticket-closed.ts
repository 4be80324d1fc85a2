import { contractTicketClosedV1, minutesLeft } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { recordEvent } from '@helpdesk/outbox';
import { snapshotOf } from '../domain/time/contract-hours.js';
import { findClosedTicketHours } from '../persistence/contract-hours.repository.js';
import { saveNewerTicket } from '../persistence/ticket-projection.repository.js';
import { changedTicket, type TicketChange } from './ticket-event-groups.js';

/**
 * A closed ticket: kept like any change, and when it is assigned to a contract, the contract update
 * (contract.ticket_closed: the minutes on this ticket against the contract, its total, what remains),
 * once per ticket.closed event (the handler runs once per event id). The contract's version is not
 * counted up: nothing of the contract changed.
 */
export async function onTicketClosed(event: TicketChange, tx: SqlExecutor): Promise<void> {
  const ticket = changedTicket(event);
  if (ticket) await saveNewerTicket(tx, event.aggregate.version, ticket);
  const contractId = event.data.ticket?.contractId !== undefined ? event.data.ticket.contractId : await projectedContractId(tx, event.data.ticketId);
  if (!contractId) return;
  const hours = await findClosedTicketHours(tx, event.data.ticketId, contractId);
  if (!hours) return;
  const { contract, number, subject, ticketMinutes } = hours;
  await recordEvent(tx, 'contracts', contractTicketClosedV1, { id: contract.contractId, version: contract.version }, {
    contract: snapshotOf(contract),
    ticket: { ticketId: event.data.ticketId, number, subject },
    ticketMinutes,
    remainingMinutes: contract.contractHours === null ? null : minutesLeft(contract.contractHours, contract.usedMinutes),
    closedAt: event.data.at,
  });
}

/** The contract the projection has for the ticket: for a closing whose event does not say (recorded before tickets carried it). */
async function projectedContractId(tx: SqlExecutor, ticketId: string): Promise<string | null> {
  const [row] = await tx.$queryRawUnsafe<Array<{ contractId: string | null }>>(`SELECT contract_id AS "contractId" FROM tickets WHERE id = $1::uuid`, ticketId);
  return row?.contractId ?? null;
}
