import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const emailAccountDeletedV1 = defineEvent({
  type: 'email_account.deleted',
  version: 1,
  producer: 'mail-ingest',
  aggregate: 'email_account',
  description: 'A ticket email account was deleted: it is offered to nobody and no ticket can name it any more.',
  schema: Type.Object({ emailAccountId: Type.String({ format: 'uuid' }) }),
  example: { emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' },
});
