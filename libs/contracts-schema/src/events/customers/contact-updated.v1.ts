import { defineEvent } from '../../envelope.js';
import { ContactSnapshot, exampleContact } from './shared.js';

export const contactUpdatedV1 = defineEvent({
  type: 'contact.updated',
  version: 1,
  producer: 'customers',
  aggregate: 'contact',
  description: "A contact's name or email changed; carries the new state.",
  schema: ContactSnapshot,
  example: { ...exampleContact, lastName: 'Potter' },
});
