import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, ContractTicketRef, exampleContract, exampleContractTicket } from './shared.js';

export const contractLimitPassedV1 = defineEvent({
  type: 'contract.limit_passed',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description:
    'Time past the hours of a contract with an hour restriction was logged with an explicit confirmation: the overage, for the customer contact, support contact and support manager.',
  schema: Type.Object({
    contract: ContractSnapshot,
    ticket: ContractTicketRef,
    entryId: Type.String({ format: 'uuid' }),
    /** Minutes used beyond the contract's hours after this entry. */
    overageMinutes: Type.Integer({ minimum: 1 }),
    confirmedBy: Type.String({ format: 'uuid' }),
  }),
  example: {
    contract: { ...exampleContract, usedMinutes: 2460 },
    ticket: exampleContractTicket,
    entryId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a',
    overageMinutes: 60,
    confirmedBy: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  },
});
