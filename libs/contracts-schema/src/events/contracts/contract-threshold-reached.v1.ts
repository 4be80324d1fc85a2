import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, ContractTicketRef, exampleContract, exampleContractTicket } from './shared.js';

export const contractThresholdReachedV1 = defineEvent({
  type: 'contract.threshold_reached',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description:
    "A contract's used time first reached its hours notification threshold (once per crossing: a deletion that takes it back below re-arms it). The warning goes to the customer contact, support contact and support manager.",
  schema: Type.Object({ contract: ContractSnapshot, ticket: ContractTicketRef, entryId: Type.String({ format: 'uuid' }) }),
  example: { contract: { ...exampleContract, usedMinutes: 2100 }, ticket: exampleContractTicket, entryId: '7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a' },
});
