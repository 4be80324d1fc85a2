import { defineEvent } from '../../envelope.js';
import { CustomerSnapshot, exampleCustomer } from './shared.js';

export const customerUpdatedV1 = defineEvent({
  type: 'customer.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'customer',
  description: "A customer's name, group or portal ticket visibility changed; carries the new state.",
  schema: CustomerSnapshot,
  example: { ...exampleCustomer, portalTicketVisibility: 'customer' as const },
});
