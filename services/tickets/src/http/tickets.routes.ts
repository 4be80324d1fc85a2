import { Router } from 'express';
import { requireStaff } from '@helpdesk/http';
import type { TicketsDatabase } from '../persistence/client.js';
import { createTicket } from '../domain/create-ticket.js';
import { getTicket } from '../domain/get-ticket.js';
import { parseNewTicket, parseTicketId, ticketResponse } from './tickets.schemas.js';

export function ticketsRoutes(db: TicketsDatabase): Router {
  const router = Router();

  router.post('/api/tickets', async (req, res) => {
    const staff = requireStaff(req);
    const ticket = await createTicket(db, parseNewTicket(req.body), { kind: 'staff', id: staff.userId });
    res.status(201).location(`/api/tickets/${ticket.id}`).json(ticketResponse(ticket));
  });

  router.get('/api/tickets/:id', async (req, res) => {
    requireStaff(req);
    res.json(ticketResponse(await getTicket(db, parseTicketId(req.params.id))));
  });

  return router;
}
