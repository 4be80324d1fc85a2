import { defineEvent } from '../../envelope.js';
import { CustomerGroupSnapshot, exampleCustomerGroup } from './shared.js';

export const customerGroupCreatedV1 = defineEvent({
  type: 'customer_group.created',
  version: 1,
  producer: 'customers',
  aggregate: 'customer_group',
  description: 'A customer group was created.',
  schema: CustomerGroupSnapshot,
  example: exampleCustomerGroup,
});
