import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';

export const teamDeletedV1 = defineEvent({
  type: 'team.deleted',
  version: 1,
  producer: 'gateway',
  aggregate: 'team',
  description: 'A team was deleted: its members no longer reach customers through it.',
  schema: Type.Object({ teamId: Type.String({ format: 'uuid' }) }),
  example: { teamId: '4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a' },
});
