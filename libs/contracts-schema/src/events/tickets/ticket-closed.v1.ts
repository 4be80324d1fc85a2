import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields, TicketStatusName } from './shared.js';

export const ticketClosedV1 = defineEvent({
  type: 'ticket.closed',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: 'A ticket was closed (ticket.status_changed is emitted beside it).',
  schema: Type.Object({ ...ticketChangeFields, from: TicketStatusName }),
  example: { ...exampleTicketChange, from: 'resolved' },
});
