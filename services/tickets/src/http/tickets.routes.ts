import { Router, type Response } from 'express';
import { permissions, requirePermission, requireStaff } from '@helpdesk/http';
import type { CustomersClient } from '../clients/customers.js';
import { assignTicket } from '../domain/assign-ticket.js';
import { changeTicketStatus } from '../domain/change-ticket-status.js';
import { createTicket } from '../domain/create-ticket.js';
import { editTicket } from '../domain/edit-ticket.js';
import { getTicketDetail } from '../domain/get-ticket.js';
import { listTickets } from '../domain/list-tickets.js';
import { staffUserOf } from '../domain/staff-user.js';
import type { TicketsDatabase } from '../persistence/client.js';
import type { Ticket } from '../persistence/ticket.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  parseAssignment,
  parseListQuery,
  parseNewTicket,
  parseStatusChange,
  parseTicketEdit,
  parseTicketId,
  ticketDetailResponse,
  ticketResponse,
} from './tickets.schemas.js';
import { etagOf, expectedVersion, exposeCurrentVersion, refuseConditionalGet } from './version.js';

/** The agents' API. Changes to an existing ticket take its version in If-Match (see version.ts). */
export function ticketsRoutes(db: TicketsDatabase, customers: CustomersClient): Router {
  const router = Router();

  router.post('/api/tickets', async (req, res) => {
    const principal = requireStaff(req);
    const input = parseNewTicket(req.body);
    // Adding a contact on the way needs what adding one at the customers service needs: that service
    // takes the request from us, not from the agent, so the agent's permission is checked here.
    if (input.newContact) requirePermission(req, permissions.manageContacts.name);
    const staff = await staffUserOf(db, principal);
    const ticket = await createTicket(db, staff, input, (customerId, contact) => customers.addContact(customerId, contact));
    sendTicket(res.status(201).location(`/api/tickets/${ticket.id}`), ticket);
  });

  router.get('/api/tickets', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const { status, customerId, teamId, assigneeId, q, sort, order, limit, cursor } = parseListQuery({ ...req.query });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, sort, order);
    const page = await listTickets(db, staff, { statuses: status?.split(','), customerId, teamId, assigneeId, q }, { sort, order, limit, after });
    res.json({ items: page.tickets.map(ticketResponse), nextCursor: page.next ? encodeCursor(sort, order, page.next) : null });
  });

  router.get('/api/tickets/:id', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const detail = await getTicketDetail(db, staff, parseTicketId(req.params.id));
    refuseConditionalGet(req);
    res.setHeader('etag', etagOf(detail.ticket.version));
    res.json(ticketDetailResponse(detail));
  });

  router.patch('/api/tickets/:id', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    sendTicket(res, await editTicket(db, staff, parseTicketId(req.params.id), expectedVersion(req), parseTicketEdit(req.body)));
  });

  router.put('/api/tickets/:id/assignment', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    sendTicket(res, await assignTicket(db, staff, parseTicketId(req.params.id), expectedVersion(req), parseAssignment(req.body)));
  });

  router.put('/api/tickets/:id/status', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const { status } = parseStatusChange(req.body);
    sendTicket(res, await changeTicketStatus(db, staff, parseTicketId(req.params.id), expectedVersion(req), status));
  });

  router.use(exposeCurrentVersion);
  return router;
}

function sendTicket(res: Response, ticket: Ticket): void {
  res.setHeader('etag', etagOf(ticket.version));
  res.json(ticketResponse(ticket));
}
