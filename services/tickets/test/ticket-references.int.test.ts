import { randomUUID } from 'node:crypto';
import { locationRemovedV1, teamDeletedV1, teamUpdatedV1 } from '@helpdesk/contracts-schema';
import type { StaffPrincipal } from '@helpdesk/http';
import { waitFor } from '@helpdesk/testing';
import { ifMatch, staff, startTickets, type TicketsTestService } from './helpers';

/**
 * Every id a request sets on a ticket must exist and belong to the ticket's customer (issue 10):
 * another customer's or an unknown id is refused with 400 naming the field, and nothing is stored.
 */
describe('ids set on a ticket', () => {
  let t: TicketsTestService;
  let customerA: string;
  let customerB: string;
  /** Things of customer A, which the agent's team reaches. */
  const a = { locationId: '', areaId: '', teamId: '', assigneeId: randomUUID() };
  /** The same of customer B, out of the agent's reach. */
  const b = { locationId: '', areaId: '', teamId: '', assigneeId: randomUUID() };
  let agent: StaffPrincipal;
  let removedLocation: string;
  let deletedTeam: string;

  beforeAll(async () => {
    t = await startTickets();
    customerA = await t.addCustomer();
    customerB = await t.addCustomer();
    Object.assign(a, { locationId: await t.addLocation(customerA), areaId: await t.addArea(customerA), teamId: await t.addTeam([customerA], [a.assigneeId]) });
    Object.assign(b, { locationId: await t.addLocation(customerB), areaId: await t.addArea(customerB), teamId: await t.addTeam([customerB], [b.assigneeId]) });
    agent = await t.agentOf([customerA]);
    removedLocation = await t.addLocation(customerA);
    await t.projected('locations', await t.publish(locationRemovedV1, { id: removedLocation, version: 2 }, { locationId: removedLocation, customerId: customerA }));
    deletedTeam = await t.addTeam([customerA]);
    await t.publish(teamDeletedV1, { id: deletedTeam, version: 2 }, { teamId: deletedTeam });
    await waitFor(async () => (await t.query('SELECT 1 FROM team_access WHERE team_id = $1 AND deleted', [deletedTeam])).length > 0, { what: 'team deleted' });
  });
  afterAll(() => t?.stop());

  const count = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM tickets'))[0]!.n);
  const base = { subject: 'Printer', description: 'Offline.', requesterEmail: 'dana@customer.example' };

  const refused: Array<[string, () => Record<string, unknown>, string]> = [
    ['a location of another customer', () => ({ locationId: b.locationId }), 'locationId'],
    ['an unknown location', () => ({ locationId: randomUUID() }), 'locationId'],
    ['a removed location', () => ({ locationId: removedLocation }), 'locationId'],
    ['an area of another customer', () => ({ areaId: b.areaId }), 'areaId'],
    ['an unknown area', () => ({ areaId: randomUUID() }), 'areaId'],
    ['a team that does not reach the customer', () => ({ teamId: b.teamId }), 'teamId'],
    ['an unknown team', () => ({ teamId: randomUUID() }), 'teamId'],
    ['a deleted team', () => ({ teamId: deletedTeam }), 'teamId'],
    ['an assignee whose teams do not reach the customer', () => ({ assigneeId: b.assigneeId }), 'assigneeId'],
    ['an unknown assignee', () => ({ assigneeId: randomUUID() }), 'assigneeId'],
    ['an unknown email account', () => ({ emailAccountId: randomUUID() }), 'emailAccountId'],
  ];

  describe('POST /api/tickets', () => {
    it.each(refused)('refuses %s with 400 naming the field, storing nothing', async (_name, ids, field) => {
      const before = await count();
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, ...ids() } });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors).toEqual([{ pointer: `/${field}`, message: expect.any(String) }]);
      expect(response.body.detail).toContain(field);
      expect(await count()).toBe(before);
    });

    it('names every field that is wrong at once', async () => {
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, locationId: b.locationId, teamId: b.teamId, emailAccountId: randomUUID() } });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/locationId', '/teamId', '/emailAccountId']);
    });

    it('refuses a customer beyond the agent\'s teams, existing or not, with the same answer', async () => {
      for (const customerId of [customerB, randomUUID()]) {
        const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/customerId', message: "is not one of your teams' customers" }] } });
      }
    });

    it('refuses a location or area on a ticket without a customer', async () => {
      const admin = staff();
      for (const [field, id] of [['locationId', a.locationId], ['areaId', a.areaId]] as const) {
        const response = await t.call('POST', '/api/tickets', { as: admin, body: { ...base, [field]: id } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: `/${field}` }] } });
      }
    });

    it('takes the customer\'s own location, area, a team reaching it (or all customers) and a member of such a team', async () => {
      const allTeamMember = randomUUID();
      const allTeam = await t.addTeam('all', [allTeamMember]);
      for (const ids of [a, { ...a, teamId: allTeam, assigneeId: allTeamMember }, { assigneeId: agent.userId }]) {
        const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, ...ids } });
        expect(response.status).toBe(201);
        expect(response.body).toMatchObject(ids);
      }
    });
  });

  describe('changes to a ticket', () => {
    let ticket: { id: string; version: number };
    beforeAll(async () => {
      ticket = (await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA } })).body;
    });

    it.each(refused.filter(([, , field]) => ['locationId', 'areaId', 'teamId'].includes(field)))(
      'PATCH refuses %s with 400 naming the field, changing nothing',
      async (_name, ids, field) => {
        const response = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: ids() });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: `/${field}` }] } });
        expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body).toMatchObject({ version: ticket.version, [field]: null });
      },
    );

    it.each(refused.filter(([, , field]) => ['teamId', 'assigneeId'].includes(field)))(
      'assignment refuses %s with 400 naming the field, changing nothing',
      async (_name, ids, field) => {
        const response = await t.call('PUT', `/api/tickets/${ticket.id}/assignment`, { as: agent, headers: ifMatch(ticket.version), body: ids() });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: `/${field}` }] } });
        expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body).toMatchObject({ version: ticket.version, [field]: null });
      },
    );

    it('takes ids of the ticket\'s customer, and keeps one removed since, also when a change repeats it', async () => {
      const location = await t.addLocation(customerA);
      const edited = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { locationId: location, areaId: a.areaId } });
      expect(edited).toMatchObject({ status: 200, body: { locationId: location, areaId: a.areaId } });
      const assigned = await t.call('PUT', `/api/tickets/${ticket.id}/assignment`, { as: agent, headers: ifMatch(edited.body.version), body: { teamId: a.teamId, assigneeId: a.assigneeId } });
      expect(assigned).toMatchObject({ status: 200, body: { teamId: a.teamId, assigneeId: a.assigneeId } });
      await t.projected('locations', await t.publish(locationRemovedV1, { id: location, version: 2 }, { locationId: location, customerId: customerA }));
      const other = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(assigned.body.version), body: { priority: 'high', locationId: location } });
      expect(other).toMatchObject({ status: 200, body: { priority: 'high', locationId: location } });
    });
  });

  describe('team access follows the team events, in the order of the team\'s versions', () => {
    /** Waits until the service has handled the event (applied, or found older than what it has). */
    const applied = (event: { id: string }) =>
      waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = $1', [event.id])).length > 0, { what: `event ${event.id} handled` });

    it('a team that drops a customer, or is deleted, no longer reaches it; a late older event changes nothing', async () => {
      const memberId = randomUUID();
      const teamId = await t.addTeam([customerA], [memberId]);
      const member: StaffPrincipal = { ...staff(memberId), role: 'agent', teamIds: [teamId] };
      const ticket = (await t.call('POST', '/api/tickets', { as: member, body: { ...base, customerId: customerA } })).body;
      const seen = async () => (await t.call('GET', `/api/tickets/${ticket.id}`, { as: member })).status;
      expect(await seen()).toBe(200);

      const snapshot = { teamId, name: 'First line', ticketAccess: 'selected' as const, memberIds: [memberId] };
      await t.publish(teamUpdatedV1, { id: teamId, version: 3 }, { ...snapshot, customerIds: [customerB] });
      await waitFor(async () => (await seen()) === 404, { what: 'access to A ended' });
      // Version 2, delivered late, would give A back: it is older than what was applied.
      await applied(await t.publish(teamUpdatedV1, { id: teamId, version: 2 }, { ...snapshot, customerIds: [customerA] }));
      expect(await seen()).toBe(404);
      await t.publish(teamUpdatedV1, { id: teamId, version: 4 }, { ...snapshot, customerIds: [customerB, customerA] });
      await waitFor(async () => (await seen()) === 200, { what: 'access to A again' });
      const versions = await t.query('SELECT version FROM team_access WHERE team_id = $1', [teamId]);
      expect(versions).toEqual([{ version: 4 }]);

      await t.publish(teamDeletedV1, { id: teamId, version: 5 }, { teamId });
      await waitFor(async () => (await seen()) === 404, { what: 'team deleted' });
      // A team.updated older than the deletion does not bring the team back.
      await applied(await t.publish(teamUpdatedV1, { id: teamId, version: 4 }, { ...snapshot, customerIds: [customerA] }));
      expect(await seen()).toBe(404);
    });
  });
});
