import { Email, Text, Type, compileParser } from '@helpdesk/validation';
import type { Ticket } from '../persistence/ticket.repository.js';
import { ticketPriorities } from '../domain/ticket.js';

export const parseNewTicket = compileParser(
  Type.Object(
    {
      subject: Text(250),
      description: Text(20_000),
      requesterEmail: Email,
      priority: Type.Union(ticketPriorities.map((p) => Type.Literal(p)), { default: 'normal' }),
    },
    { additionalProperties: false },
  ),
  'ticket',
);

export const parseTicketId = compileParser(Type.String({ format: 'uuid' }), 'ticket id');

export function ticketResponse(ticket: Ticket) {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    description: ticket.description,
    requesterEmail: ticket.requesterEmail,
    status: ticket.status,
    priority: ticket.priority,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}
