import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import { addNote } from '../domain/add-note.js';
import { getTicketHistory, getTicketNotes } from '../domain/get-ticket.js';
import { staffUserOf } from '../domain/staff-user.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { addNoteRoute, ticketHistoryRoute, ticketNotesRoute } from './api-description.js';
import { addedNoteResponse, historyEntryResponse, notePageRequest, ticketNotesResponse } from './tickets.schemas.js';
import { etagOf, expectedVersion, exposeCurrentVersion } from './version.js';

/** Notes (a page at a time, counted back from the newest) and the timeline, for agents. A note changes the ticket, so it takes the ticket's version too. */
export function ticketNotesRoutes(db: TicketsDatabase): Router {
  const router = Router();

  serve(router, addNoteRoute, async ({ principal, params, body }, req, res) => {
    const { ticket, note } = await addNote(db, await staffUserOf(db, principal), params.id, expectedVersion(req), body);
    // The ETag is the ticket's new version, so the agent can go on changing it without reloading.
    res.status(201).setHeader('etag', etagOf(ticket.version));
    res.json(addedNoteResponse(note, ticket.version));
  });

  serve(router, ticketNotesRoute, async ({ principal, params, query }, _req, res) => {
    res.json(ticketNotesResponse(await getTicketNotes(db, await staffUserOf(db, principal), params.id, notePageRequest(query))));
  });

  serve(router, ticketHistoryRoute, async ({ principal, params }, _req, res) => {
    const history = await getTicketHistory(db, await staffUserOf(db, principal), params.id);
    res.json({ items: history.map(historyEntryResponse) });
  });

  router.use(exposeCurrentVersion);
  return router;
}
