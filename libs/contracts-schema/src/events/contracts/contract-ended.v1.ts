import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, exampleContract } from './shared.js';

export const contractEndedV1 = defineEvent({
  type: 'contract.ended',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description: 'A contract was ended before its term: no ticket dated after its end can be assigned to it.',
  schema: ContractSnapshot,
  example: { ...exampleContract, endDate: '2027-06-30', endedOn: '2027-06-30' },
});
