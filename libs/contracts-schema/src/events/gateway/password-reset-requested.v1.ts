import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const passwordResetRequestedV1 = defineEvent({
  type: 'password_reset.requested',
  version: 1,
  producer: 'gateway',
  aggregate: 'password_reset',
  description:
    'A staff user or a portal contact asked for a password reset and has an account: a single-use link was created and their earlier reset links are void. The link token is not in the event: the notifier derives it from the reset id with the shared link key named by keyId.',
  schema: Type.Object({
    resetId: Type.String({ format: 'uuid' }),
    accountKind: Type.Union([Type.Literal('staff'), Type.Literal('contact')]),
    email: Type.String({ format: 'email' }),
    name: Type.String({ minLength: 1 }),
    expiresAt: Type.String({ format: 'date-time' }),
    keyId: Type.String({ pattern: '^[a-z0-9-]{1,16}$' }),
  }),
  example: {
    resetId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    accountKind: 'contact',
    email: 'harry@emmawatson.example',
    name: 'Harry',
    expiresAt: '2026-12-01T11:00:00.000Z',
    keyId: 'k1',
  },
});
