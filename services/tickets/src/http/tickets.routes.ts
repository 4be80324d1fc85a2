import { Router, type Response } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
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
import { assignTicketRoute, changeStatusRoute, createTicketRoute, editTicketRoute, getTicketRoute, listTicketsRoute } from './api-description.js';
import { ticketDetailResponse, ticketResponse } from './tickets.schemas.js';
import { etagOf, expectedVersion, exposeCurrentVersion, refuseConditionalGet } from './version.js';

/** The agents' API. Changes to an existing ticket take its version in If-Match (see version.ts). */
export function ticketsRoutes(db: TicketsDatabase, customers: CustomersClient): Router {
  const router = Router();

  serve(router, createTicketRoute, async ({ principal, body: input }, req, res) => {
    // Adding a contact on the way needs what adding one at the customers service needs: that service
    // takes the request from us, not from the agent, so the agent's permission is checked here.
    if (input.newContact) requirePermission(req, permissions.manageContacts.name);
    const staff = await staffUserOf(db, principal);
    const ticket = await createTicket(db, staff, input, (customerId, contact) => customers.addContact(customerId, contact));
    sendTicket(res.status(201).location(`/api/tickets/${ticket.id}`), ticket);
  });

  serve(router, listTicketsRoute, async ({ principal, query: { status, customerId, teamId, assigneeId, q, sort, order, limit, cursor } }, _req, res) => {
    const staff = await staffUserOf(db, principal);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, sort, order);
    const page = await listTickets(db, staff, { statuses: status?.split(','), customerId, teamId, assigneeId, q }, { sort, order, limit, after });
    res.json({ items: page.tickets.map(ticketResponse), nextCursor: page.next ? encodeCursor(sort, order, page.next) : null });
  });

  serve(router, getTicketRoute, async ({ principal, params }, req, res) => {
    const detail = await getTicketDetail(db, await staffUserOf(db, principal), params.id);
    refuseConditionalGet(req);
    res.setHeader('etag', etagOf(detail.ticket.version));
    res.json(ticketDetailResponse(detail));
  });

  serve(router, editTicketRoute, async ({ principal, params, body }, req, res) => {
    sendTicket(res, await editTicket(db, await staffUserOf(db, principal), params.id, expectedVersion(req), body));
  });

  serve(router, assignTicketRoute, async ({ principal, params, body }, req, res) => {
    sendTicket(res, await assignTicket(db, await staffUserOf(db, principal), params.id, expectedVersion(req), body));
  });

  serve(router, changeStatusRoute, async ({ principal, params, body: { status } }, req, res) => {
    sendTicket(res, await changeTicketStatus(db, await staffUserOf(db, principal), params.id, expectedVersion(req), status));
  });

  router.use(exposeCurrentVersion);
  return router;
}

function sendTicket(res: Response, ticket: Ticket): void {
  res.setHeader('etag', etagOf(ticket.version));
  res.json(ticketResponse(ticket));
}
