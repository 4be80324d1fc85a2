import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, ContractTicketRef, exampleContract, exampleContractTicket } from './shared.js';

export const contractTicketClosedV1 = defineEvent({
  type: 'contract.ticket_closed',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description:
    "A ticket assigned to the contract was closed: the hours used on that ticket and on the contract, what the contract update email to the customer contact tells.",
  schema: Type.Object({
    contract: ContractSnapshot,
    ticket: ContractTicketRef,
    ticketMinutes: Type.Integer({ minimum: 0 }),
    /** The contract's hours minus what was used, in minutes (negative past the limit); null without an hour figure. */
    remainingMinutes: Type.Union([Type.Integer(), Type.Null()]),
    closedAt: Type.String({ format: 'date-time' }),
  }),
  example: {
    contract: exampleContract,
    ticket: exampleContractTicket,
    ticketMinutes: 150,
    remainingMinutes: 1800,
    closedAt: '2027-02-04T16:00:00.000Z',
  },
});
