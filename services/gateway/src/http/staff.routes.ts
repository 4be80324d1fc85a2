import { Router } from 'express';
import { permissions, jsonBody, requirePermission, requireStaff } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { changeStaff, createStaff, listStaff, signOutStaffEverywhere } from '../domain/manage-staff.js';
import { readStaffDirectory } from '../persistence/staff-directory.repository.js';
import { parseId, parseNewStaff, parseStaffChanges } from './staff.schemas.js';

export function staffRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/staff', jsonBody(64 * 1024));

  router.get('/api/staff', async (req, res) => {
    requirePermission(req, permissions.manageStaff.name);
    res.json({ items: await listStaff(db) });
  });

  // Every staff user may read who their colleagues and teams are (to assign a ticket, to name a note's author).
  router.get('/api/staff/directory', async (req, res) => {
    requireStaff(req);
    res.json(await readStaffDirectory(db.pool));
  });

  router.post('/api/staff', async (req, res) => {
    const actor = requirePermission(req, permissions.manageStaff.name);
    const input = parseNewStaff(req.body);
    const user = await createStaff(db, actor, { ...input, role: input.role ?? 'agent', permissions: input.permissions ?? [] });
    res.status(201).location(`/api/staff/${user.id}`).json(user);
  });

  router.patch('/api/staff/:id', async (req, res) => {
    const actor = requirePermission(req, permissions.manageStaff.name);
    res.json(await changeStaff(db, actor, parseId(req.params.id), parseStaffChanges(req.body)));
  });

  // Ends every session of that user at once (a lost laptop, a leaving employee before deactivation).
  router.post('/api/staff/:id/sign-out-everywhere', async (req, res) => {
    const actor = requirePermission(req, permissions.manageStaff.name);
    await signOutStaffEverywhere(db, actor, parseId(req.params.id));
    res.status(204).end();
  });

  return router;
}
