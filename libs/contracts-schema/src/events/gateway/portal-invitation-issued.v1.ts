import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const portalInvitationIssuedV1 = defineEvent({
  type: 'portal_invitation.issued',
  version: 1,
  producer: 'gateway',
  aggregate: 'contact_account',
  description:
    'An invitation to the customer portal was created; earlier ones of the contact are void. The link token is not in the event: the notifier derives it from the invitation id with the shared link key named by keyId (absent: an invitation from before link keys had ids).',
  schema: Type.Object({
    invitationId: Type.String({ format: 'uuid' }),
    contactId: Type.String({ format: 'uuid' }),
    customerId: Type.String({ format: 'uuid' }),
    email: Type.String({ format: 'email' }),
    firstName: Type.String({ minLength: 1 }),
    lastName: Type.String({ minLength: 1 }),
    expiresAt: Type.String({ format: 'date-time' }),
    /** The id of the link key the token is derived with. */
    keyId: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,16}$' })),
  }),
  example: {
    invitationId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
    customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
    email: 'harry@emmawatson.example',
    firstName: 'Harry',
    lastName: 'Porter',
    expiresAt: '2026-12-02T10:00:00.000Z',
    keyId: 'k1',
  },
});
