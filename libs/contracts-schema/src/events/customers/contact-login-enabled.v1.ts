import { defineEvent } from '../../envelope.js';
import { ContactSnapshot, exampleContact } from './shared.js';

export const contactLoginEnabledV1 = defineEvent({
  type: 'contact.login_enabled',
  version: 1,
  producer: 'customers',
  aggregate: 'contact',
  description: 'An administrator enabled portal login for a contact (or sent the invitation again).',
  schema: ContactSnapshot,
  example: exampleContact,
});
