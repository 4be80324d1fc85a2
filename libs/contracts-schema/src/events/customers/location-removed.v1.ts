import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const locationRemovedV1 = defineEvent({
  type: 'location.removed',
  version: 1,
  producer: 'customers',
  aggregate: 'location',
  description: 'A location was removed from a customer; it is no longer offered for new tickets.',
  schema: Type.Object({ locationId: Type.String({ format: 'uuid' }), customerId: Type.String({ format: 'uuid' }) }),
  example: { locationId: '6f5e4d3c-2b1a-4c9d-8e7f-6a5b4c3d2e1f', customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' },
});
