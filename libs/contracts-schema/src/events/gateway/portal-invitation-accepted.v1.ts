import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const portalInvitationAcceptedV1 = defineEvent({
  type: 'portal_invitation.accepted',
  version: 1,
  producer: 'gateway',
  aggregate: 'contact_account',
  description: 'A contact accepted their invitation and set a password: their portal login is active.',
  schema: Type.Object({
    invitationId: Type.String({ format: 'uuid' }),
    contactId: Type.String({ format: 'uuid' }),
    customerId: Type.String({ format: 'uuid' }),
    /** The contact's version in the contact.login_enabled the invitation answered: an invitation from before the contact last lost access opens nothing. */
    contactVersion: Type.Integer({ minimum: 1 }),
    /** Where the account-created notice goes (optional within v1: absent in events recorded before). */
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320, pattern: '@' })),
    firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }),
  example: {
    invitationId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    contactId: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69',
    customerId: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b',
    contactVersion: 2,
  },
});
