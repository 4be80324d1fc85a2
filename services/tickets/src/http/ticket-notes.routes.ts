import { Router } from 'express';
import { requireStaff } from '@helpdesk/http';
import { addNote } from '../domain/add-note.js';
import { getTicketHistory, getTicketNotes } from '../domain/get-ticket.js';
import { staffUserOf } from '../domain/staff-user.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { historyEntryResponse, notePageRequest, noteResponse, parseNewNote, parseNotesQuery, parseTicketId, ticketNotesResponse } from './tickets.schemas.js';
import { etagOf, expectedVersion, exposeCurrentVersion } from './version.js';

/** Notes (a page at a time, counted back from the newest) and the timeline, for agents. A note changes the ticket, so it takes the ticket's version too. */
export function ticketNotesRoutes(db: TicketsDatabase): Router {
  const router = Router();

  router.post('/api/tickets/:id/notes', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const { ticket, note } = await addNote(db, staff, parseTicketId(req.params.id), expectedVersion(req), parseNewNote(req.body));
    // The ETag is the ticket's new version, so the agent can go on changing it without reloading.
    res.status(201).setHeader('etag', etagOf(ticket.version));
    res.json({ ...noteResponse(note), ticketVersion: ticket.version });
  });

  router.get('/api/tickets/:id/notes', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const id = parseTicketId(req.params.id);
    const page = notePageRequest(parseNotesQuery({ ...req.query }));
    res.json(ticketNotesResponse(await getTicketNotes(db, staff, id, page)));
  });

  router.get('/api/tickets/:id/history', async (req, res) => {
    const staff = await staffUserOf(db, requireStaff(req));
    const history = await getTicketHistory(db, staff, parseTicketId(req.params.id));
    res.json({ items: history.map(historyEntryResponse) });
  });

  router.use(exposeCurrentVersion);
  return router;
}
