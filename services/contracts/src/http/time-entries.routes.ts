import { Router } from 'express';
import { pgExecutor } from '@helpdesk/db';
import type { StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import { customerAccessOf } from '@helpdesk/team-access';
import { contractTime } from '../domain/time/contract-time.js';
import { changeTimeEntry } from '../domain/time/change-time-entry.js';
import { deleteTimeEntry } from '../domain/time/delete-time-entry.js';
import { logTime } from '../domain/time/log-time.js';
import { ticketTime } from '../domain/time/ticket-time.js';
import type { ContractsDatabase } from '../persistence/client.js';
import { changeTimeEntryRoute, deleteTimeEntryRoute, logTimeRoute, timeEntriesRoute } from './api-description.js';
import { contractTimeResponse, ticketTimeResponse, timeChangeResponse, timeEntryVersionOf } from './time-entries.schemas.js';

/** Time logged on tickets (docs/contracts.md): staff reaching the ticket's customer; changes by the author or time_entries.manage. */
export function timeEntriesRoutes(db: ContractsDatabase): Router {
  const router = Router();
  const accessOf = (staff: StaffPrincipal) => customerAccessOf(pgExecutor(db.pool), staff);

  serve(router, logTimeRoute, async ({ principal: staff, body }, _req, res) => {
    const planned = await logTime(db, staff, await accessOf(staff), body);
    res.status(201).location(`/api/time-entries/${planned.entry.id}`).json(timeChangeResponse(planned));
  });

  serve(router, timeEntriesRoute, async ({ principal: staff, query }, _req, res) => {
    if ('contractId' in query) {
      const { contractId, ...page } = query;
      res.json(contractTimeResponse(contractId, await contractTime(db, staff, contractId, page)));
      return;
    }
    res.json(ticketTimeResponse(await ticketTime(db, await accessOf(staff), query.ticketId)));
  });

  serve(router, changeTimeEntryRoute, async ({ principal: staff, params, body }, _req, res) => {
    res.json(timeChangeResponse(await changeTimeEntry(db, staff, await accessOf(staff), params.id, body)));
  });

  serve(router, deleteTimeEntryRoute, async ({ principal: staff, params, query, body }, _req, res) => {
    res.json(timeChangeResponse(await deleteTimeEntry(db, staff, await accessOf(staff), params.id, timeEntryVersionOf(body, query))));
  });

  return router;
}
