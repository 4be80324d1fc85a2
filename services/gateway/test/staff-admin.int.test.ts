import { allPermissionNames, permissions } from '@helpdesk/http';
import { queryDatabase } from '@helpdesk/testing';
import { admin, startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const customerB = '22222222-2222-4222-8222-222222222222';

describe('staff users, permissions and teams', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let adminToken: string;

  beforeAll(async () => {
    g = await startGateway();
    adminToken = await g.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(() => g.stop());

  async function newAgent(permissionNames: string[] = []) {
    const email = `agent${Math.random().toString(36).slice(2, 8)}@helpdesk.test`;
    const created = await g.call('POST', '/api/staff', { token: adminToken, body: { email, name: 'Agent Smith', password: 'agent password 123', permissions: permissionNames } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, token: await g.signIn('/api/auth/login', email, 'agent password 123') };
  }

  it('lets an administrator create agents with named permissions that the next request carries', async () => {
    const agent = await newAgent([permissions.manageCustomers.name]);
    const me = await g.call('GET', '/api/auth/me', { token: agent.token });
    expect(me.body).toMatchObject({ kind: 'staff', role: 'agent', permissions: ['customers.manage'], customerAccess: [] });
    const adminMe = await g.call('GET', '/api/auth/me', { token: adminToken });
    expect(adminMe.body).toMatchObject({ role: 'admin', permissions: allPermissionNames, customerAccess: 'all' });

    await g.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { permissions: [permissions.manageContacts.name] } });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.permissions).toEqual(['contacts.manage']);
    await g.call('PATCH', `/api/staff/${agent.id}`, { token: adminToken, body: { active: false } });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).status).toBe(401);
  });

  it("derives the customers a user may pick from their teams' ticket access", async () => {
    const agent = await newAgent();
    const selected = await g.call('POST', '/api/teams', { token: adminToken, body: { name: 'Team A', customerIds: [customerA] } });
    expect(selected).toMatchObject({ status: 201, body: { ticketAccess: 'selected', customerIds: [customerA] } });
    await g.call('PUT', `/api/teams/${selected.body.id}/members/${agent.id}`, { token: adminToken });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.customerAccess).toEqual([customerA]);

    const second = await g.call('POST', '/api/teams', { token: adminToken, body: { name: 'Team B', customerIds: [customerB, customerA] } });
    await g.call('PUT', `/api/teams/${second.body.id}/members/${agent.id}`, { token: adminToken });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.customerAccess).toEqual([customerA, customerB].sort());

    await g.call('PATCH', `/api/teams/${second.body.id}`, { token: adminToken, body: { ticketAccess: 'all' } });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.customerAccess).toBe('all');
    await g.call('DELETE', `/api/teams/${second.body.id}/members/${agent.id}`, { token: adminToken });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.customerAccess).toEqual([customerA]);
    expect((await g.call('DELETE', `/api/teams/${selected.body.id}`, { token: adminToken })).status).toBe(204);
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).body.customerAccess).toEqual([]);
  });

  const adminRoutes: Array<[string, string, unknown, string]> = [
    ['GET', '/api/staff', undefined, permissions.manageStaff.name],
    ['POST', '/api/staff', { email: 'x@helpdesk.test', name: 'X', password: 'long enough password' }, permissions.manageStaff.name],
    ['PATCH', '/api/staff/00000000-0000-4000-8000-000000000000', { name: 'Y' }, permissions.manageStaff.name],
    ['GET', '/api/teams', undefined, permissions.manageTeams.name],
    ['POST', '/api/teams', { name: 'Forbidden team' }, permissions.manageTeams.name],
    ['GET', '/api/teams/00000000-0000-4000-8000-000000000000', undefined, permissions.manageTeams.name],
    ['PATCH', '/api/teams/00000000-0000-4000-8000-000000000000', { name: 'Z' }, permissions.manageTeams.name],
    ['DELETE', '/api/teams/00000000-0000-4000-8000-000000000000', undefined, permissions.manageTeams.name],
    ['PUT', '/api/teams/00000000-0000-4000-8000-000000000000/members/00000000-0000-4000-8000-000000000000', undefined, permissions.manageTeams.name],
    ['DELETE', '/api/teams/00000000-0000-4000-8000-000000000000/members/00000000-0000-4000-8000-000000000000', undefined, permissions.manageTeams.name],
  ];

  it.each(adminRoutes)('%s %s needs its permission: 403 without it, and the data stays as it was', async (method, path, body, needed) => {
    const before = await g.call('GET', '/api/staff', { token: adminToken });
    const teamsBefore = await g.call('GET', '/api/teams', { token: adminToken });
    const agent = await newAgent(allPermissionNames.filter((name) => name !== needed));
    const refused = await g.call(method, path, { token: agent.token, body });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain(needed);
    expect((await g.call('GET', '/api/teams', { token: adminToken })).body).toEqual(teamsBefore.body);
    expect((await g.call('GET', '/api/staff', { token: adminToken })).body.items.length).toBe(before.body.items.length + 1);
  });

  it.each([
    ['POST', '/api/staff', { email: 'bad', name: 'X', password: 'long enough password' }, 400],
    ['POST', '/api/staff', { email: 'ok@helpdesk.test', name: '', password: 'long enough password' }, 400],
    ['POST', '/api/staff', { email: 'ok@helpdesk.test', name: 'X', password: 'short' }, 400],
    ['POST', '/api/staff', { email: 'ok@helpdesk.test', name: 'X', password: 'long enough password', permissions: ['fly'] }, 400],
    ['POST', '/api/staff', { email: admin.email, name: 'Dup', password: 'long enough password' }, 409],
    ['PATCH', '/api/staff/not-a-uuid', { name: 'X' }, 400],
    ['PATCH', '/api/staff/00000000-0000-4000-8000-000000000000', { name: 'X' }, 404],
    ['PATCH', '/api/staff/00000000-0000-4000-8000-000000000000', {}, 400],
    ['POST', '/api/teams', { name: 'x'.repeat(201) }, 400],
    ['POST', '/api/teams', { name: 'T', ticketAccess: 'some' }, 400],
    ['POST', '/api/teams', { name: 'T', customerIds: ['nope'] }, 400],
    ['PATCH', '/api/teams/00000000-0000-4000-8000-000000000000', { name: 'Q' }, 404],
    ['PUT', '/api/teams/00000000-0000-4000-8000-000000000000/members/not-a-uuid', undefined, 400],
  ])('%s %s with bad input answers a problem (%#) and changes nothing', async (method, path, body, status) => {
    const staffBefore = await g.call('GET', '/api/staff', { token: adminToken });
    const teamsBefore = await g.call('GET', '/api/teams', { token: adminToken });
    const response = await g.call(method, path, { token: adminToken, body });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await g.call('GET', '/api/staff', { token: adminToken })).body).toEqual(staffBefore.body);
    expect((await g.call('GET', '/api/teams', { token: adminToken })).body).toEqual(teamsBefore.body);
  });

  it('keeps the last administrator: they can neither demote nor deactivate themselves (see escalation.int.test.ts for two at once)', async () => {
    const me = await g.call('GET', '/api/auth/me', { token: adminToken });
    const demoted = await g.call('PATCH', `/api/staff/${me.body.userId}`, { token: adminToken, body: { role: 'agent' } });
    expect(demoted).toMatchObject({ status: 403, body: { detail: expect.stringContaining('your own role') } });
    const deactivated = await g.call('PATCH', `/api/staff/${me.body.userId}`, { token: adminToken, body: { active: false } });
    expect(deactivated).toMatchObject({ status: 409, body: { detail: expect.stringContaining('your own account') } });
    expect((await g.call('GET', '/api/auth/me', { token: adminToken })).body.role).toBe('admin');
  });
});
