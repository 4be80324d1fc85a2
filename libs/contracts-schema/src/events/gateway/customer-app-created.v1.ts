import { defineEvent } from '../../envelope.js';
import { CustomerAppSnapshot, exampleCustomerApp } from './shared.js';

export const customerAppCreatedV1 = defineEvent({
  type: 'customer_app.created',
  version: 1,
  producer: 'gateway',
  aggregate: 'customer_app',
  description: 'A customer app (the portal) was created: its whole state, including whether it is enabled.',
  schema: CustomerAppSnapshot,
  example: exampleCustomerApp,
});
