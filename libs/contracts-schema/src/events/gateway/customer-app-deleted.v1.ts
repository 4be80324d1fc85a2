import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const customerAppDeletedV1 = defineEvent({
  type: 'customer_app.deleted',
  version: 1,
  producer: 'gateway',
  aggregate: 'customer_app',
  description: 'A customer app was deleted with its configuration: until a new one is created and enabled, there is no portal.',
  schema: Type.Object({ appId: Type.String({ format: 'uuid' }), kind: Type.Literal('portal') }),
  example: { appId: '6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817', kind: 'portal' as const },
});
