import { defineEvent } from '../../envelope.js';
import { EmailAccountSnapshot, exampleEmailAccount } from './shared.js';

export const emailAccountUpdatedV1 = defineEvent({
  type: 'email_account.updated',
  version: 1,
  producer: 'mail-ingest',
  aggregate: 'email_account',
  description: 'A ticket email account was renamed, enabled or disabled, or allocated anew; carries its whole new state.',
  schema: EmailAccountSnapshot,
  example: { ...exampleEmailAccount, allocation: { kind: 'selected' as const, customerIds: ['2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b'] } },
});
