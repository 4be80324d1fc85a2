import { defineEvent } from '../../envelope.js';
import { CustomerSnapshot, exampleCustomer } from './shared.js';

export const customerCreatedV1 = defineEvent({
  type: 'customer.created',
  version: 1,
  producer: 'customers',
  aggregate: 'customer',
  description: 'A customer (a company the helpdesk supports) was created.',
  schema: CustomerSnapshot,
  example: exampleCustomer,
});
