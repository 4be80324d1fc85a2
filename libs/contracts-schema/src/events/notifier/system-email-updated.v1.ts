import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const systemEmailUpdatedV1 = defineEvent({
  type: 'system_email.updated',
  version: 1,
  producer: 'notifier',
  aggregate: 'system_email',
  description:
    'A system email (the portal invitation, the portal-account-created notice) was switched on or off; the customers ' +
    'service uses it to say whether enabling a login sends an invitation.',
  schema: Type.Object({
    key: Type.Union([Type.Literal('portal_invitation'), Type.Literal('portal_account_created')]),
    enabled: Type.Boolean(),
  }),
  example: { key: 'portal_invitation' as const, enabled: true },
});
