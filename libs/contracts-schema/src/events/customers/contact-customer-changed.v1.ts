import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const contactCustomerChangedV1 = defineEvent({
  type: 'contact.customer_changed',
  version: 1,
  producer: 'customers',
  aggregate: 'contact',
  description: 'A contact moved to another customer; their portal access ended with the move.',
  schema: Type.Object({
    contactId: Type.String({ format: 'uuid' }),
    fromCustomerId: Type.String({ format: 'uuid' }),
    toCustomerId: Type.String({ format: 'uuid' }),
  }),
  example: { contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69', fromCustomerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b', toCustomerId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' },
});
