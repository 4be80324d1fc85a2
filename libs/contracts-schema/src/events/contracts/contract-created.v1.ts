import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, exampleContract } from './shared.js';

export const contractCreatedV1 = defineEvent({
  type: 'contract.created',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description: 'A contract was created for a customer: its whole state.',
  schema: ContractSnapshot,
  example: exampleContract,
});
