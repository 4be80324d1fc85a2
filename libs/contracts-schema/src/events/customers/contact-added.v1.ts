import { defineEvent } from '../../envelope.js';
import { ContactSnapshot, exampleContact } from './shared.js';

export const contactAddedV1 = defineEvent({
  type: 'contact.added',
  version: 1,
  producer: 'customers',
  aggregate: 'contact',
  description: 'A contact was added to a customer.',
  schema: ContactSnapshot,
  example: exampleContact,
});
