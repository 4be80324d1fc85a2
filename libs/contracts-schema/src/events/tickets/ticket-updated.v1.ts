import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields } from './shared.js';

export const ticketUpdatedV1 = defineEvent({
  type: 'ticket.updated',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: "An agent edited a ticket's fields (subject, description, priority, location, area, team, contract); each change with its old and new value.",
  schema: Type.Object({
    ...ticketChangeFields,
    changes: Type.Array(
      Type.Object({
        field: Type.Union(['subject', 'description', 'priority', 'locationId', 'areaId', 'teamId', 'contractId'].map((f) => Type.Literal(f))),
        from: Type.Union([Type.String(), Type.Null()]),
        to: Type.Union([Type.String(), Type.Null()]),
      }),
      { minItems: 1 },
    ),
  }),
  example: { ...exampleTicketChange, changes: [{ field: 'priority', from: 'normal', to: 'high' }] },
});
