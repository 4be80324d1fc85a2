import { defineEvent } from '../../envelope.js';
import { CustomerAppSnapshot, exampleCustomerApp } from './shared.js';

export const customerAppUpdatedV1 = defineEvent({
  type: 'customer_app.updated',
  version: 1,
  producer: 'gateway',
  aggregate: 'customer_app',
  description: 'A customer app (the portal) was updated: its whole state, including whether it is enabled.',
  schema: CustomerAppSnapshot,
  example: exampleCustomerApp,
});
