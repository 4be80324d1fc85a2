import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields } from './shared.js';

export const ticketReopenedV1 = defineEvent({
  type: 'ticket.reopened',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: 'A closed ticket was opened again (ticket.status_changed is emitted beside it).',
  schema: Type.Object({ ...ticketChangeFields }),
  example: { ...exampleTicketChange },
});
