import { Router } from 'express';
import { permissions, jsonBody, requirePermission } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { changeStaff, createStaff, listStaff } from '../domain/manage-staff.js';
import { parseId, parseNewStaff, parseStaffChanges } from './staff.schemas.js';

export function staffRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/staff', jsonBody(64 * 1024));

  router.get('/api/staff', async (req, res) => {
    requirePermission(req, permissions.manageStaff.name);
    res.json({ items: await listStaff(db) });
  });

  router.post('/api/staff', async (req, res) => {
    requirePermission(req, permissions.manageStaff.name);
    const input = parseNewStaff(req.body);
    const user = await createStaff(db, { ...input, role: input.role ?? 'agent', permissions: input.permissions ?? [] });
    res.status(201).location(`/api/staff/${user.id}`).json(user);
  });

  router.patch('/api/staff/:id', async (req, res) => {
    const actor = requirePermission(req, permissions.manageStaff.name);
    res.json(await changeStaff(db, actor.userId, parseId(req.params.id), parseStaffChanges(req.body)));
  });

  return router;
}
