import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields } from './shared.js';

const OptionalId = Type.Union([Type.String({ format: 'uuid' }), Type.Null()]);

export const ticketAssignedV1 = defineEvent({
  type: 'ticket.assigned',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: 'The assignee or the team of a ticket changed; null means unassigned.',
  schema: Type.Object({
    ...ticketChangeFields,
    assigneeId: OptionalId,
    teamId: OptionalId,
    previousAssigneeId: OptionalId,
    previousTeamId: OptionalId,
  }),
  example: {
    ...exampleTicketChange,
    assigneeId: '7b6a5f4e-3d2c-4b1a-8f9e-8d7c6b5a4f3e',
    teamId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    previousAssigneeId: null,
    previousTeamId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  },
});
