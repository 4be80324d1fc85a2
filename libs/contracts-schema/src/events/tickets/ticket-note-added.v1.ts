import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields, TicketSourceEmail } from './shared.js';

const noteFields = { ...ticketChangeFields, noteId: Type.String({ format: 'uuid' }), sourceEmail: TicketSourceEmail };

export const ticketNoteAddedV1 = defineEvent({
  type: 'ticket.note_added',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description:
    'A note was added to a ticket. A public note (the customer sees it) carries its body; an internal one never does, ' +
    'and its schema refuses a body, so it cannot leave the tickets service by mistake.',
  schema: Type.Union([
    Type.Object({ ...noteFields, visibility: Type.Literal('public'), body: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    Type.Object({ ...noteFields, visibility: Type.Literal('internal') }, { additionalProperties: false }),
  ]),
  example: {
    ...exampleTicketChange,
    actor: { kind: 'contact' as const, id: '9c8b7a6f-5e4d-4c3b-9a1f-0e2d3c4b5a69' },
    noteId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    visibility: 'public' as const,
    body: 'It is still offline after the restart.',
  },
});
