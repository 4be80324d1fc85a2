import { permissions } from '@helpdesk/http';
import { queryDatabase } from '@helpdesk/testing';
import { admin, startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const customerB = '22222222-2222-4222-8222-222222222222';

describe('no self-promotion: nobody grants what they do not hold', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let adminToken: string;
  let adminId: string;

  beforeAll(async () => {
    g = await startGateway();
    adminToken = await g.signIn('/api/auth/login', admin.email, admin.password);
    adminId = (await g.call('GET', '/api/auth/me', { token: adminToken })).body.userId;
  });
  afterAll(() => g.stop());

  let counter = 0;
  async function newStaff(role: 'admin' | 'agent', permissionNames: string[] = []) {
    counter += 1;
    const email = `staff${counter}@helpdesk.test`;
    const created = await g.call('POST', '/api/staff', { token: adminToken, body: { email, name: `Staff ${counter}`, password: 'staff password 123', role, permissions: permissionNames } });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, token: await g.signIn('/api/auth/login', email, 'staff password 123') };
  }

  async function newTeam(body: Record<string, unknown>) {
    const created = await g.call('POST', '/api/teams', { token: adminToken, body });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const everything = async () => ({
    staff: (await g.call('GET', '/api/staff', { token: adminToken })).body,
    teams: (await g.call('GET', '/api/teams', { token: adminToken })).body,
  });

  it('refuses each escalation attempt with a 403 that says why, and changes nothing', async () => {
    const staffManager = await newStaff('agent', [permissions.manageStaff.name]);
    const otherAdmin = await newStaff('admin');
    const plainAgent = await newStaff('agent');
    const teamsManager = await newStaff('agent', [permissions.manageTeams.name]);
    const teamA = await newTeam({ name: 'Team A', customerIds: [customerA] });
    const teamAB = await newTeam({ name: 'Team A and B', customerIds: [customerA, customerB] });
    const teamAll = await newTeam({ name: 'Team all', ticketAccess: 'all' });
    expect((await g.call('PUT', `/api/teams/${teamA}/members/${teamsManager.id}`, { token: adminToken })).status).toBe(200);

    const attempts: Array<[string, string, string, unknown, RegExp]> = [
      ['own role to admin', staffManager.token, `PATCH /api/staff/${staffManager.id}`, { role: 'admin' }, /administrator can make someone an administrator|your own role/],
      ['own permissions widened', staffManager.token, `PATCH /api/staff/${staffManager.id}`, { permissions: [permissions.manageStaff.name, permissions.manageTeams.name] }, /your own role or permissions/],
      ['demote an administrator', staffManager.token, `PATCH /api/staff/${otherAdmin.id}`, { role: 'agent' }, /Only an administrator can change another administrator/],
      ['demote the first administrator', staffManager.token, `PATCH /api/staff/${adminId}`, { role: 'agent' }, /Only an administrator can change another administrator/],
      ['deactivate an administrator', staffManager.token, `PATCH /api/staff/${otherAdmin.id}`, { active: false }, /Only an administrator can change another administrator/],
      ['sign an administrator out', staffManager.token, `POST /api/staff/${otherAdmin.id}/sign-out-everywhere`, undefined, /Only an administrator/],
      ['create an administrator', staffManager.token, 'POST /api/staff', { email: 'new.admin@helpdesk.test', name: 'New', password: 'long enough password', role: 'admin' }, /Only an administrator can make someone an administrator/],
      ['create an agent with a permission not held', staffManager.token, 'POST /api/staff', { email: 'new.agent@helpdesk.test', name: 'New', password: 'long enough password', permissions: [permissions.manageTeams.name] }, /teams\.manage/],
      ['grant another agent a permission not held', staffManager.token, `PATCH /api/staff/${plainAgent.id}`, { permissions: [permissions.managePortalAccess.name] }, /portal_access\.manage/],
      ['change a user holding more', staffManager.token, `PATCH /api/staff/${teamsManager.id}`, { name: 'Renamed' }, /teams\.manage/],
      ['add oneself to a team', teamsManager.token, `PUT /api/teams/${teamAB}/members/${teamsManager.id}`, undefined, /add yourself to a team/],
      ['add oneself to a team with access to all', teamsManager.token, `PUT /api/teams/${teamAll}/members/${teamsManager.id}`, undefined, /add yourself to a team/],
      ['widen own team to another customer', teamsManager.token, `PATCH /api/teams/${teamA}`, { customerIds: [customerA, customerB] }, new RegExp(customerB)],
      ['widen own team to all customers', teamsManager.token, `PATCH /api/teams/${teamA}`, { ticketAccess: 'all' }, /access to all customers/],
      ['create a team beyond own reach', teamsManager.token, 'POST /api/teams', { name: 'Team B', customerIds: [customerB] }, new RegExp(customerB)],
      ['create a team with access to all', teamsManager.token, 'POST /api/teams', { name: 'Team everything', ticketAccess: 'all' }, /access to all customers/],
      ['give another agent a team beyond own reach', teamsManager.token, `PUT /api/teams/${teamAB}/members/${plainAgent.id}`, undefined, new RegExp(customerB)],
    ];
    const before = await everything();
    for (const [what, token, route, body, reason] of attempts) {
      const [method, path] = route.split(' ') as [string, string];
      const answer = await g.call(method, path, { token, body });
      expect({ what, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ what, status: 403, type: expect.stringContaining('application/problem+json') });
      expect({ what, detail: answer.body.detail }).toEqual({ what, detail: expect.stringMatching(reason) });
    }
    expect(await everything()).toEqual(before);
    // Their tokens still work: nothing was signed out either.
    expect((await g.call('GET', '/api/auth/me', { token: otherAdmin.token })).body.role).toBe('admin');
  });

  it('still lets them do what is within their own authority', async () => {
    const staffManager = await newStaff('agent', [permissions.manageStaff.name, permissions.manageContacts.name]);
    const teamsManager = await newStaff('agent', [permissions.manageTeams.name]);
    const plainAgent = await newStaff('agent');
    const teamA = await newTeam({ name: 'Reach A', customerIds: [customerA] });
    await g.call('PUT', `/api/teams/${teamA}/members/${teamsManager.id}`, { token: adminToken });

    expect((await g.call('PATCH', `/api/staff/${plainAgent.id}`, { token: staffManager.token, body: { permissions: [permissions.manageContacts.name] } })).status).toBe(200);
    expect((await g.call('PATCH', `/api/staff/${staffManager.id}`, { token: staffManager.token, body: { name: 'New name', permissions: [permissions.manageContacts.name, permissions.manageStaff.name] } })).status).toBe(200);
    expect((await g.call('PUT', `/api/teams/${teamA}/members/${plainAgent.id}`, { token: teamsManager.token })).status).toBe(200);
    expect((await g.call('POST', '/api/teams', { token: teamsManager.token, body: { name: 'Also A', customerIds: [customerA] } })).status).toBe(201);
    // An administrator may grant anything, also to a team they are in.
    expect((await g.call('PATCH', `/api/teams/${teamA}`, { token: adminToken, body: { ticketAccess: 'all' } })).status).toBe(200);
  });
});

describe('the last administrator', () => {
  it('of two concurrent demotions of the last two administrators, lets exactly one through, every time', async () => {
    const g = await startGateway();
    try {
      const firstToken = await g.signIn('/api/auth/login', admin.email, admin.password);
      const firstId = (await g.call('GET', '/api/auth/me', { token: firstToken })).body.userId as string;
      const second = await g.call('POST', '/api/staff', { token: firstToken, body: { email: 'second.admin@helpdesk.test', name: 'Second', password: 'second admin password', role: 'admin' } });
      const secondToken = await g.signIn('/api/auth/login', 'second.admin@helpdesk.test', 'second admin password');
      const activeAdmins = () => queryDatabase(g.databaseUrl, "SELECT id FROM staff_users WHERE role = 'admin' AND active");

      for (let round = 0; round < 10; round++) {
        // Each demotes the other at the same moment; half the rounds deactivate instead.
        const change = round % 2 === 0 ? { role: 'agent' } : { active: false };
        const answers = await Promise.all([
          g.call('PATCH', `/api/staff/${second.body.id}`, { token: firstToken, body: change }),
          g.call('PATCH', `/api/staff/${firstId}`, { token: secondToken, body: change }),
        ]);
        const statuses = answers.map((a) => a.status).sort();
        // The loser either counted one administrator left (409) or was itself demoted before it was authorised (401/403).
        expect(statuses[0]).toBe(200);
        expect([401, 403, 409]).toContain(statuses[1]);
        expect(await activeAdmins()).toHaveLength(1);
        // Put the demoted one back for the next round (whoever is left is an administrator).
        const survivorToken = answers[0]!.status === 200 ? firstToken : secondToken;
        const demotedId = answers[0]!.status === 200 ? second.body.id : firstId;
        expect((await g.call('PATCH', `/api/staff/${demotedId}`, { token: survivorToken, body: { role: 'admin', active: true } })).status).toBe(200);
        expect(await activeAdmins()).toHaveLength(2);
      }
    } finally {
      await g.stop();
    }
  });
});
