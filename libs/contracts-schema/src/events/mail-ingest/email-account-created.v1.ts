import { defineEvent } from '../../envelope.js';
import { EmailAccountSnapshot, exampleEmailAccount } from './shared.js';

export const emailAccountCreatedV1 = defineEvent({
  type: 'email_account.created',
  version: 1,
  producer: 'mail-ingest',
  aggregate: 'email_account',
  description: 'A ticket email account was created, with its allocation to customers (all, by default).',
  schema: EmailAccountSnapshot,
  example: exampleEmailAccount,
});
