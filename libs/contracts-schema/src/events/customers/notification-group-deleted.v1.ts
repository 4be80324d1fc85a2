import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const notificationGroupDeletedV1 = defineEvent({
  type: 'notification_group.deleted',
  version: 1,
  producer: 'customers',
  aggregate: 'notification_group',
  description: 'A notification group was deleted with its memberships.',
  schema: Type.Object({ notificationGroupId: Type.String({ format: 'uuid' }), customerId: Type.String({ format: 'uuid' }) }),
  example: { notificationGroupId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' },
});
