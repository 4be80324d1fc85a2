import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const areaRemovedV1 = defineEvent({
  type: 'area.removed',
  version: 1,
  producer: 'customers',
  aggregate: 'area',
  description: 'An area was removed from a customer; it is no longer offered for new tickets.',
  schema: Type.Object({ areaId: Type.String({ format: 'uuid' }), customerId: Type.String({ format: 'uuid' }) }),
  example: { areaId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' },
});
