import { Type } from '@helpdesk/validation';
import { defineEvent } from '../../envelope.js';
import { exampleTicketChange, ticketChangeFields, TicketStatusName } from './shared.js';

export const ticketStatusChangedV1 = defineEvent({
  type: 'ticket.status_changed',
  version: 1,
  producer: 'tickets',
  aggregate: 'ticket',
  description: 'A ticket moved from one status to another (closing and reopening also emit ticket.closed / ticket.reopened).',
  schema: Type.Object({ ...ticketChangeFields, from: TicketStatusName, to: TicketStatusName }),
  example: { ...exampleTicketChange, from: 'new', to: 'open' },
});
