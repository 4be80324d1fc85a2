import { defineEvent } from '../../envelope.js';
import { CustomerGroupSnapshot, exampleCustomerGroup } from './shared.js';

export const customerGroupUpdatedV1 = defineEvent({
  type: 'customer_group.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'customer_group',
  description: 'A customer group was renamed; carries the new state. Membership changes are customer.updated.',
  schema: CustomerGroupSnapshot,
  example: { ...exampleCustomerGroup, name: 'Strategic accounts' },
});
