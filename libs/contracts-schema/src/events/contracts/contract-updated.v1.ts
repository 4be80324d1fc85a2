import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { ContractSnapshot, exampleContract } from './shared.js';

export const contractUpdatedV1 = defineEvent({
  type: 'contract.updated',
  version: 1,
  producer: 'contracts',
  aggregate: 'contract',
  description: "An administrator changed a contract's fields: its whole state after the change, and the fields changed.",
  schema: Type.Object({
    ...ContractSnapshot.properties,
    changedFields: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1 }),
  }),
  example: { ...exampleContract, thresholdHours: 30, changedFields: ['thresholdHours'] },
});
