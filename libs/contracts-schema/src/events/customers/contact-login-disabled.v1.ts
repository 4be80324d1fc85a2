import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const contactLoginDisabledV1 = defineEvent({
  type: 'contact.login_disabled',
  version: 1,
  producer: 'customers',
  aggregate: 'contact',
  description: 'An administrator disabled the portal login of a contact (Disable Login): access ended; a new invitation can open it again.',
  schema: Type.Object({ contactId: Type.String({ format: 'uuid' }), customerId: Type.String({ format: 'uuid' }) }),
  example: { contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69', customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' },
});
