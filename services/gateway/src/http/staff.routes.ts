import { Router } from 'express';
import { jsonBody } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayDatabase } from '../persistence/client.js';
import { changeStaff, createStaff, listStaff, signOutStaffEverywhere } from '../domain/manage-staff.js';
import { readStaffDirectory } from '../persistence/staff-directory.repository.js';
import { changeStaffRoute, createStaffRoute, listStaffRoute, signOutStaffEverywhereRoute, staffDirectoryRoute } from './api-description.js';

export function staffRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/staff', jsonBody(64 * 1024));

  serve(router, listStaffRoute, async (_request, _req, res) => {
    res.json({ items: await listStaff(db) });
  });

  // Every staff user may read who their colleagues and teams are (to assign a ticket, to name a note's author).
  serve(router, staffDirectoryRoute, async (_input, _req, res) => {
    res.json(await readStaffDirectory(db.pool));
  });

  serve(router, createStaffRoute, async ({ principal: actor, body: input }, _req, res) => {
    const user = await createStaff(db, actor, { ...input, role: input.role ?? 'agent', permissions: input.permissions ?? [] });
    res.status(201).location(`/api/staff/${user.id}`).json(user);
  });

  serve(router, changeStaffRoute, async ({ principal: actor, params: { id }, body }, _req, res) => {
    res.json(await changeStaff(db, actor, id, body));
  });

  // Ends every session of that user at once (a lost laptop, a leaving employee before deactivation).
  serve(router, signOutStaffEverywhereRoute, async ({ principal: actor, params: { id } }, _req, res) => {
    await signOutStaffEverywhere(db, actor, id);
    res.status(204).end();
  });

  return router;
}
