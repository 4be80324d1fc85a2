import { Router } from 'express';
import { jsonBody } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayDatabase } from '../persistence/client.js';
import { addMember, changeTeam, createTeam, removeMember, removeTeam, team, teams } from '../domain/manage-teams.js';
import type { TeamWithMembers } from '../persistence/team.repository.js';
import { addTeamMemberRoute, changeTeamRoute, createTeamRoute, deleteTeamRoute, getTeamRoute, listTeamsRoute, removeTeamMemberRoute } from './api-description.js';

function teamResponse(t: TeamWithMembers) {
  return { id: t.id, name: t.name, ticketAccess: t.ticketAccess, customerIds: t.customerIds, memberIds: t.memberIds };
}

export function teamsRoutes(db: GatewayDatabase): Router {
  const router = Router();
  router.use('/api/teams', jsonBody(512 * 1024));

  serve(router, listTeamsRoute, async ({ principal: actor }, _req, res) => {
    res.json({ items: (await teams(db, actor)).map(teamResponse) });
  });

  serve(router, createTeamRoute, async ({ principal: actor, body }, _req, res) => {
    const created = await createTeam(db, actor, body);
    res.status(201).location(`/api/teams/${created.id}`).json(teamResponse(created));
  });

  serve(router, getTeamRoute, async ({ principal: actor, params: { id } }, _req, res) => {
    res.json(teamResponse(await team(db, actor, id)));
  });

  serve(router, changeTeamRoute, async ({ principal: actor, params: { id }, body }, _req, res) => {
    res.json(teamResponse(await changeTeam(db, actor, id, body)));
  });

  serve(router, deleteTeamRoute, async ({ principal: actor, params: { id } }, _req, res) => {
    await removeTeam(db, actor, id);
    res.status(204).end();
  });

  serve(router, addTeamMemberRoute, async ({ principal: actor, params: { id, userId } }, _req, res) => {
    res.json(teamResponse(await addMember(db, actor, id, userId)));
  });

  serve(router, removeTeamMemberRoute, async ({ principal: actor, params: { id, userId } }, _req, res) => {
    res.json(teamResponse(await removeMember(db, actor, id, userId)));
  });

  return router;
}
