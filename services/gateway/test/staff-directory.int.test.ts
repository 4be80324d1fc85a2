import { randomUUID } from 'node:crypto';
import { admin, insertActiveContact, startGateway } from './support';

/** The staff directory: who the colleagues and teams are, for any staff user, and nothing more. */
describe('the staff directory', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let adminToken: string;
  beforeAll(async () => {
    gateway = await startGateway();
    adminToken = await gateway.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await gateway.stop();
  });

  test('an agent without manage rights reads the active staff with their teams, and the teams, by name; nothing else', async () => {
    const agent = await gateway.newStaff(adminToken);
    const colleague = await gateway.newStaff(adminToken);
    const leaver = await gateway.newStaff(adminToken);
    const team = (await gateway.call('POST', '/api/teams', { token: adminToken, body: { name: `Second line ${randomUUID().slice(0, 4)}`, ticketAccess: 'all' } })).body;
    expect((await gateway.call('PUT', `/api/teams/${team.id}/members/${colleague.id}`, { token: adminToken })).status).toBe(200);
    expect((await gateway.call('PATCH', `/api/staff/${leaver.id}`, { token: adminToken, body: { active: false } })).status).toBe(200);

    // The administration's lists stay theirs.
    expect((await gateway.call('GET', '/api/staff', { token: agent.token })).status).toBe(403);
    expect((await gateway.call('GET', '/api/teams', { token: agent.token })).status).toBe(403);

    const directory = await gateway.call('GET', '/api/staff/directory', { token: agent.token });
    expect(directory.status).toBe(200);
    const all = (await gateway.call('GET', '/api/staff', { token: adminToken })).body.items as Array<{ id: string; name: string; active: boolean }>;
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    const active = all.filter((user) => user.active).sort(byId);
    expect([...directory.body.staff].sort(byId)).toEqual(active.map((user) => ({ id: user.id, name: user.name, teamIds: user.id === colleague.id ? [team.id] : [] })));
    expect(directory.body.staff.map((user: { id: string }) => user.id)).not.toContain(leaver.id);
    expect(directory.body.teams).toEqual([{ id: team.id, name: team.name }]);
    expect(JSON.stringify(directory.body)).not.toMatch(/@helpdesk\.test|permissions|role|ticketAccess|customerIds/);
  });

  test('is for staff only: refused without a token and to a portal contact', async () => {
    expect((await gateway.call('GET', '/api/staff/directory')).status).toBe(401);
    const contact = await insertActiveContact(gateway.databaseUrl);
    const contactToken = await gateway.signIn('/api/portal/login', contact.email, contact.password);
    expect((await gateway.call('GET', '/api/staff/directory', { token: contactToken })).status).toBe(403);
  });
});
