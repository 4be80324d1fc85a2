import { Router } from 'express';
import { permissions, jsonBody, requirePermission } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { addMember, changeTeam, createTeam, removeMember, removeTeam, team, teams } from '../domain/manage-teams.js';
import type { TeamWithMembers } from '../persistence/team.repository.js';
import { parseId, parseNewTeam, parseTeamChanges } from './staff.schemas.js';

function teamResponse(t: TeamWithMembers) {
  return { id: t.id, name: t.name, ticketAccess: t.ticketAccess, customerIds: t.customerIds, memberIds: t.memberIds };
}

export function teamsRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/teams', jsonBody(512 * 1024));
  const allowed = permissions.manageTeams.name;

  router.get('/api/teams', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json({ items: (await teams(db, actor)).map(teamResponse) });
  });

  router.post('/api/teams', async (req, res) => {
    const actor = requirePermission(req, allowed);
    const created = await createTeam(db, actor, parseNewTeam(req.body));
    res.status(201).location(`/api/teams/${created.id}`).json(teamResponse(created));
  });

  router.get('/api/teams/:id', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json(teamResponse(await team(db, actor, parseId(req.params.id))));
  });

  router.patch('/api/teams/:id', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json(teamResponse(await changeTeam(db, actor, parseId(req.params.id), parseTeamChanges(req.body))));
  });

  router.delete('/api/teams/:id', async (req, res) => {
    const actor = requirePermission(req, allowed);
    await removeTeam(db, actor, parseId(req.params.id));
    res.status(204).end();
  });

  router.put('/api/teams/:id/members/:userId', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json(teamResponse(await addMember(db, actor, parseId(req.params.id), parseId(req.params.userId))));
  });

  router.delete('/api/teams/:id/members/:userId', async (req, res) => {
    const actor = requirePermission(req, allowed);
    res.json(teamResponse(await removeMember(db, actor, parseId(req.params.id), parseId(req.params.userId))));
  });

  return router;
}
