import { Router } from 'express';
import { requireContact } from '@helpdesk/http';
import { addPortalNote } from '../domain/add-portal-note.js';
import { createPortalTicket } from '../domain/create-portal-ticket.js';
import { getPortalTicket, getPortalTicketNotes } from '../domain/get-portal-ticket.js';
import { listPortalEmailAccounts } from '../domain/list-portal-email-accounts.js';
import { listPortalTickets } from '../domain/list-portal-tickets.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { portalOrder } from '../persistence/portal-ticket.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import {
  parsePortalListQuery,
  parsePortalNewTicket,
  parsePortalNote,
  portalNoteResponse,
  portalNotesResponse,
  portalTicketDetailResponse,
  portalTicketResponse,
} from './portal-tickets.schemas.js';
import { notePageRequest, parseNotesQuery, parseTicketId } from './tickets.schemas.js';

/** The customer portal. Who the caller is (contact and customer) comes from the gateway's assertion only. */
export function portalTicketsRoutes(db: TicketsDatabase): Router {
  const router = Router();

  router.get('/api/portal/tickets', async (req, res) => {
    const contact = requireContact(req);
    const { status, q, limit, cursor } = parsePortalListQuery({ ...req.query });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, portalOrder.sort, portalOrder.order);
    const page = await listPortalTickets(db, contact, { statuses: status?.split(','), q }, { limit, after });
    res.json({
      items: page.tickets.map(portalTicketResponse),
      nextCursor: page.next ? encodeCursor(portalOrder.sort, portalOrder.order, page.next) : null,
    });
  });

  // The accounts the ticket form offers: those allocated to the caller's customer (from the token only).
  router.get('/api/portal/email-accounts', async (req, res) => {
    const contact = requireContact(req);
    res.json({ items: await listPortalEmailAccounts(db, contact) });
  });

  router.post('/api/portal/tickets', async (req, res) => {
    const contact = requireContact(req);
    const ticket = await createPortalTicket(db, contact, parsePortalNewTicket(req.body));
    res.status(201).location(`/api/portal/tickets/${ticket.id}`).json(portalTicketResponse(ticket));
  });

  router.get('/api/portal/tickets/:id', async (req, res) => {
    const contact = requireContact(req);
    res.json(portalTicketDetailResponse(await getPortalTicket(db, contact, parseTicketId(req.params.id))));
  });

  // Public notes only, of a ticket the contact may see (the scope comes from the token, as for the ticket).
  router.get('/api/portal/tickets/:id/notes', async (req, res) => {
    const contact = requireContact(req);
    const id = parseTicketId(req.params.id);
    const page = notePageRequest(parseNotesQuery({ ...req.query }));
    res.json(portalNotesResponse(await getPortalTicketNotes(db, contact, id, page)));
  });

  router.post('/api/portal/tickets/:id/notes', async (req, res) => {
    const contact = requireContact(req);
    const note = await addPortalNote(db, contact, parseTicketId(req.params.id), parsePortalNote(req.body).body);
    res.status(201).json(portalNoteResponse(note));
  });

  return router;
}
