import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import { addPortalNote } from '../domain/add-portal-note.js';
import { createPortalTicket } from '../domain/create-portal-ticket.js';
import { getPortalTicket, getPortalTicketNotes } from '../domain/get-portal-ticket.js';
import { listPortalEmailAccounts } from '../domain/list-portal-email-accounts.js';
import { listPortalTickets } from '../domain/list-portal-tickets.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { portalOrder } from '../persistence/portal-ticket.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  portalAddNoteRoute,
  portalCreateTicketRoute,
  portalEmailAccountsRoute,
  portalGetTicketRoute,
  portalListTicketsRoute,
  portalTicketNotesRoute,
} from './api-description.js';
import {
  portalNoteResponse,
  portalNotesResponse,
  portalTicketDetailResponse,
  portalTicketResponse,
} from './portal-tickets.schemas.js';
import { notePageRequest } from './tickets.schemas.js';

/** The customer portal. Who the caller is (contact and customer) comes from the gateway's assertion only. */
export function portalTicketsRoutes(db: TicketsDatabase): Router {
  const router = Router();

  serve(router, portalListTicketsRoute, async ({ principal: contact, query: { status, q, limit, cursor } }, _req, res) => {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, portalOrder.sort, portalOrder.order);
    const page = await listPortalTickets(db, contact, { statuses: status?.split(','), q }, { limit, after });
    res.json({
      items: page.tickets.map(portalTicketResponse),
      nextCursor: page.next ? encodeCursor(portalOrder.sort, portalOrder.order, page.next) : null,
    });
  });

  // The accounts the ticket form offers: those allocated to the caller's customer (from the token only).
  serve(router, portalEmailAccountsRoute, async ({ principal: contact }, _req, res) => {
    res.json({ items: await listPortalEmailAccounts(db, contact) });
  });

  serve(router, portalCreateTicketRoute, async ({ principal: contact, body }, _req, res) => {
    const ticket = await createPortalTicket(db, contact, body);
    res.status(201).location(`/api/portal/tickets/${ticket.id}`).json(portalTicketResponse(ticket));
  });

  serve(router, portalGetTicketRoute, async ({ principal: contact, params }, _req, res) => {
    res.json(portalTicketDetailResponse(await getPortalTicket(db, contact, params.id)));
  });

  // Public notes only, of a ticket the contact may see (the scope comes from the token, as for the ticket).
  serve(router, portalTicketNotesRoute, async ({ principal: contact, params, query }, _req, res) => {
    res.json(portalNotesResponse(await getPortalTicketNotes(db, contact, params.id, notePageRequest(query))));
  });

  serve(router, portalAddNoteRoute, async ({ principal: contact, params, body }, _req, res) => {
    const note = await addPortalNote(db, contact, params.id, body.body);
    res.status(201).json(portalNoteResponse(note));
  });

  return router;
}
