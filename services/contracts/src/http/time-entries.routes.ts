import { Router, type Request } from 'express';
import { pgExecutor } from '@helpdesk/db';
import { requireStaff } from '@helpdesk/http';
import { customerAccessOf } from '@helpdesk/team-access';
import { contractTime } from '../domain/time/contract-time.js';
import { changeTimeEntry } from '../domain/time/change-time-entry.js';
import { deleteTimeEntry } from '../domain/time/delete-time-entry.js';
import { logTime } from '../domain/time/log-time.js';
import { ticketTime } from '../domain/time/ticket-time.js';
import type { ContractsDatabase } from '../persistence/client.js';
import {
  parseNewTimeEntry,
  parseTimeEntryChanges,
  parseTimeEntryDeletion,
  parseTimeEntryId,
  parseTimeEntryQuery,
  contractTimeResponse,
  timeChangeResponse,
  timeEntryResponse,
} from './time-entries.schemas.js';

/** Time logged on tickets (docs/contracts.md): staff reaching the ticket's customer; changes by the author or time_entries.manage. */
export function timeEntriesRoutes(db: ContractsDatabase): Router {
  const router = Router();
  const staffAccess = async (req: Request) => {
    const staff = requireStaff(req);
    return { staff, access: await customerAccessOf(pgExecutor(db.pool), staff) };
  };

  router.post('/api/time-entries', async (req, res) => {
    const { staff, access } = await staffAccess(req);
    const input = parseNewTimeEntry(req.body);
    const planned = await logTime(db, staff, access, input);
    res.status(201).location(`/api/time-entries/${planned.entry.id}`).json(timeChangeResponse(planned));
  });

  router.get('/api/time-entries', async (req, res) => {
    const staff = requireStaff(req);
    const query = parseTimeEntryQuery({ ...req.query });
    if ('contractId' in query) {
      const { contractId, ...page } = query;
      res.json(contractTimeResponse(contractId, await contractTime(db, staff, contractId, page)));
      return;
    }
    const { access } = await staffAccess(req);
    const time = await ticketTime(db, access, query.ticketId);
    res.json({ ticketId: time.ticketId, totalMinutes: time.totalMinutes, entries: time.entries.map(timeEntryResponse) });
  });

  router.patch('/api/time-entries/:id', async (req, res) => {
    const { staff, access } = await staffAccess(req);
    const id = parseTimeEntryId(req.params.id);
    const changes = parseTimeEntryChanges(req.body);
    res.json(timeChangeResponse(await changeTimeEntry(db, staff, access, id, changes)));
  });

  router.delete('/api/time-entries/:id', async (req, res) => {
    const { staff, access } = await staffAccess(req);
    const id = parseTimeEntryId(req.params.id);
    const { version } = parseTimeEntryDeletion(req.body && Object.keys(req.body).length > 0 ? req.body : req.query);
    res.json(timeChangeResponse(await deleteTimeEntry(db, staff, access, id, version)));
  });

  return router;
}
