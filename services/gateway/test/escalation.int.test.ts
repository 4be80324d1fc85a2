import { permissions } from '@helpdesk/http';
import { queryDatabase } from '@helpdesk/testing';
import { admin, startGateway, whileChangeInFlight } from './support';

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

  const newStaff = (role: 'admin' | 'agent', permissionNames: string[] = []) => g.newStaff(adminToken, { role, permissions: permissionNames });

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
    for (const team of [teamAB, teamAll]) expect((await g.call('PUT', `/api/teams/${team}/members/${plainAgent.id}`, { token: adminToken })).status).toBe(200);

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
      // Taking access away is within one's reach only, as giving it is.
      ['delete a team beyond own reach', teamsManager.token, `DELETE /api/teams/${teamAB}`, undefined, /reaches customers you do not/],
      ['delete the team with access to all', teamsManager.token, `DELETE /api/teams/${teamAll}`, undefined, /reaches customers you do not/],
      ['remove a member of a team beyond own reach', teamsManager.token, `DELETE /api/teams/${teamAB}/members/${plainAgent.id}`, undefined, /reaches customers you do not/],
      ['remove a member of the team with access to all', teamsManager.token, `DELETE /api/teams/${teamAll}/members/${plainAgent.id}`, undefined, /reaches customers you do not/],
      ['take a customer off a team beyond own reach', teamsManager.token, `PATCH /api/teams/${teamAB}`, { customerIds: [customerA] }, /reaches customers you do not/],
      ['rename the team with access to all', teamsManager.token, `PATCH /api/teams/${teamAll}`, { name: 'Mine now' }, /reaches customers you do not/],
      // An administrator's password is set by another administrator, and nobody sets their own here.
      ["set an administrator's password", staffManager.token, `PATCH /api/staff/${otherAdmin.id}`, { password: 'a password of my choosing' }, /Only an administrator can change another administrator/],
      ['set own password', otherAdmin.token, `PATCH /api/staff/${otherAdmin.id}`, { password: 'a password of my choosing' }, /cannot set your own password/],
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
    expect((await g.call('DELETE', `/api/teams/${teamA}/members/${plainAgent.id}`, { token: teamsManager.token })).status).toBe(200);
    const alsoA = (await g.call('GET', '/api/teams', { token: teamsManager.token })).body.items.find((t: { name: string }) => t.name === 'Also A');
    expect((await g.call('DELETE', `/api/teams/${alsoA.id}`, { token: teamsManager.token })).status).toBe(204);
    // An administrator may grant anything, also to a team they are in.
    expect((await g.call('PATCH', `/api/teams/${teamA}`, { token: adminToken, body: { ticketAccess: 'all' } })).status).toBe(200);
  });

  describe('authority decided on the actor as they are when the change commits', () => {
    const roleOf = async (id: string) => (await queryDatabase<{ role: string }>(g.databaseUrl, 'SELECT role FROM staff_users WHERE id = $1', [id]))[0]!.role;
    /** Another administrator's demotion of `id`, in flight: it holds the user's row until it commits. */
    const demotionOf = (id: string): Array<[string, unknown[]]> => [["UPDATE staff_users SET role = 'agent' WHERE id = $1", [id]]];

    // Demoted to an agent who keeps staff.manage: what they may do as that agent is what counts.
    it.each([
      ['promotes an agent', 'agent', { role: 'admin' }, 'Only an administrator can make someone an administrator'],
      ['demotes another administrator (the last-admin lock does not hide it)', 'admin', { role: 'agent' }, 'Only an administrator can change another administrator'],
    ] as const)('refuses it when an administrator demoted while the request was on its way %s', async (_what, targetRole, change, reason) => {
      const demoted = await newStaff('admin', [permissions.manageStaff.name]);
      const target = await newStaff(targetRole);
      const answer = await whileChangeInFlight(g.databaseUrl, demotionOf(demoted.id), () => g.call('PATCH', `/api/staff/${target.id}`, { token: demoted.token, body: change }));
      expect(answer).toMatchObject({ status: 403, body: { detail: expect.stringContaining(reason) } });
      expect(await roleOf(target.id)).toBe(targetRole);
    });

    it('refuses a creation by a user whose staff.manage was taken away meanwhile', async () => {
      const manager = await newStaff('agent', [permissions.manageStaff.name]);
      const answer = await whileChangeInFlight(
        g.databaseUrl,
        [
          ['SELECT 1 FROM staff_users WHERE id = $1 FOR UPDATE', [manager.id]],
          ['DELETE FROM staff_permissions WHERE user_id = $1', [manager.id]],
        ],
        () => g.call('POST', '/api/staff', { token: manager.token, body: { email: 'late.hire@helpdesk.test', name: 'Late', password: 'staff password 123' } }),
      );
      expect(answer).toMatchObject({ status: 403, body: { detail: expect.stringContaining('staff.manage') } });
      expect(await queryDatabase(g.databaseUrl, "SELECT 1 FROM staff_users WHERE email = 'late.hire@helpdesk.test'")).toEqual([]);
    });

    it("compares a team change with the team as an administrator's concurrent change left it", async () => {
      const narrow = await newStaff('agent', [permissions.manageTeams.name]);
      const own = (await g.call('POST', '/api/teams', { token: adminToken, body: { name: 'Own A and B', customerIds: [customerA, customerB] } })).body.id as string;
      await g.call('PUT', `/api/teams/${own}/members/${narrow.id}`, { token: adminToken });
      // The administrator takes customer B off the agent's own team (and so off their reach) while the
      // agent renames it, sending its customers as they read them: B would be back, granted by nobody.
      const answer = await whileChangeInFlight(
        g.databaseUrl,
        [
          ['UPDATE teams SET version = version + 1 WHERE id = $1', [own]],
          ['DELETE FROM team_customers WHERE team_id = $1 AND customer_id = $2', [own, customerB]],
        ],
        () => g.call('PATCH', `/api/teams/${own}`, { token: narrow.token, body: { name: 'Own renamed', customerIds: [customerA, customerB] } }),
      );
      expect(answer).toMatchObject({ status: 403, body: { detail: expect.stringContaining(customerB) } });
      expect(await queryDatabase(g.databaseUrl, 'SELECT customer_id FROM team_customers WHERE team_id = $1', [own])).toEqual([{ customer_id: customerA }]);
    });
  });

});

describe('the team list of a teams.manage holder who is not an administrator', () => {
  it('shows only the teams within their reach; one beyond it is not found', async () => {
    const g = await startGateway();
    try {
      const adminToken = await g.signIn('/api/auth/login', admin.email, admin.password);
      const team = async (body: Record<string, unknown>) => (await g.call('POST', '/api/teams', { token: adminToken, body })).body.id as string;
      const teamA = await team({ name: 'Team A', customerIds: [customerA] });
      const teamB = await team({ name: 'Team B', customerIds: [customerB] });
      const teamAll = await team({ name: 'Team all', ticketAccess: 'all' });
      const lister = await g.newStaff(adminToken, { permissions: [permissions.manageTeams.name] });
      await g.call('PUT', `/api/teams/${teamA}/members/${lister.id}`, { token: adminToken });
      const { token } = lister;

      const listed = (await g.call('GET', '/api/teams', { token })).body.items;
      expect(listed.map((t: { id: string }) => t.id)).toEqual([teamA]);
      expect(JSON.stringify(listed)).not.toContain(customerB);
      for (const hidden of [teamB, teamAll]) expect((await g.call('GET', `/api/teams/${hidden}`, { token })).status).toBe(404);
      expect((await g.call('GET', '/api/teams', { token: adminToken })).body.items.map((t: { id: string }) => t.id).sort()).toEqual([teamA, teamB, teamAll].sort());
    } finally {
      await g.stop();
    }
  });
});

describe('the last administrator', () => {
  it('of two concurrent demotions of the last two administrators, lets exactly one through, every time', async () => {
    const g = await startGateway();
    try {
      let firstToken = await g.signIn('/api/auth/login', admin.email, admin.password);
      const firstId = (await g.call('GET', '/api/auth/me', { token: firstToken })).body.userId as string;
      const second = await g.call('POST', '/api/staff', { token: firstToken, body: { email: 'second.admin@helpdesk.test', name: 'Second', password: 'second admin password', role: 'admin' } });
      let secondToken = await g.signIn('/api/auth/login', 'second.admin@helpdesk.test', 'second admin password');
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
        // A deactivation ended the demoted one's tokens: they sign in again.
        if (demotedId === firstId) firstToken = await g.signIn('/api/auth/login', admin.email, admin.password);
        else secondToken = await g.signIn('/api/auth/login', 'second.admin@helpdesk.test', 'second admin password');
      }
    } finally {
      await g.stop();
    }
  });
});
