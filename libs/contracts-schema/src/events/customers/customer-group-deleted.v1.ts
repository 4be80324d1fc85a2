import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const customerGroupDeletedV1 = defineEvent({
  type: 'customer_group.deleted',
  version: 1,
  producer: 'customers',
  aggregate: 'customer_group',
  description: 'A customer group was deleted; each of its customers got a customer.updated without the group first.',
  schema: Type.Object({ groupId: Type.String({ format: 'uuid' }) }),
  example: { groupId: '4e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c1b' },
});
