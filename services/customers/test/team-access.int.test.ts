import { randomUUID } from 'node:crypto';
import { allPermissionNames, type StaffPrincipal } from '@helpdesk/http';
import { createFixtures, staffRoutes, startCustomers, type Customers, type Fixtures } from './helpers';

/**
 * Team access on every staff route (issue 10): an agent whose teams reach customer A, holding every
 * permission, gets 404 for every customer, contact, location, area and group of customer B, as if
 * they did not exist, changes nothing of B, and cannot reach B's portal by any sequence of changes.
 */
describe('team access on the customers service', () => {
  let c: Customers;
  let mine: Fixtures;
  let theirs: Fixtures;
  let agent: StaffPrincipal;

  /** An agent holding every permission, whose one team reaches these customers. */
  async function agentReaching(customerIds: string[]): Promise<StaffPrincipal> {
    return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions: allPermissionNames, teamIds: [await c.addTeam(customerIds)] };
  }

  beforeAll(async () => {
    // Contacts are created without a portal login here (issue 12 invites them at creation; see portal-settings.int.test.ts).
    c = await startCustomers({ invitationEmail: false });
    mine = await createFixtures(c);
    theirs = await createFixtures(c);
    agent = await agentReaching([mine.customer, mine.other]);
  });
  afterAll(() => c?.stop());

  const byId = staffRoutes.filter(([name]) => !['list customers', 'list groups', 'create a customer', 'create a group'].includes(name));

  it.each(byId)('%s (%s) of another customer: 404, and nothing changes', async (...[, method, path, , body]: (typeof byId)[number]) => {
    const before = await c.snapshot();
    const response = await c.api(agent, method, path(theirs), body?.(theirs));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await c.snapshot()).toBe(before);
  });

  it.each(byId)('%s (%s) of a customer the team reaches: allowed', async (...[, method, path, , body]: (typeof byId)[number]) => {
    const fresh = await createFixtures(c);
    const within = await agentReaching([fresh.customer, fresh.other]);
    const response = await c.api(within, method, path(fresh), body?.(fresh));
    expect([200, 201, 204]).toContain(response.status);
  });

  it('answers a customer out of reach exactly as an unknown one', async () => {
    const unknownId = randomUUID();
    const foreign = await c.api(agent, 'GET', `/api/customers/${theirs.customer}`);
    const unknown = await c.api(agent, 'GET', `/api/customers/${unknownId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail.replace(theirs.customer, 'x')).toBe(unknown.body.detail.replace(unknownId, 'x'));
  });

  it('lists only the customers the teams reach, and the groups holding one of them (or none)', async () => {
    const listed = await c.api(agent, 'GET', '/api/customers?limit=100');
    expect(listed.body.items.map((x: { id: string }) => x.id).sort()).toEqual([mine.customer, mine.other].sort());
    const searched = await c.api(agent, 'GET', '/api/customers?search=Customer&limit=1');
    expect(searched.body.items).toHaveLength(1);
    expect([mine.customer, mine.other]).toContain(searched.body.items[0].id);
    const empty = await c.ok('POST', '/api/customer-groups', { name: c.unique('Empty group') });
    const groups = (await c.api(agent, 'GET', '/api/customer-groups')).body.items.map((g: { id: string }) => g.id);
    expect(groups).toContain(mine.group);
    expect(groups).toContain(empty.id);
    expect(groups).not.toContain(theirs.group);
    const noTeams: StaffPrincipal = { ...agent, teamIds: [] };
    expect((await c.api(noTeams, 'GET', '/api/customers')).body.items).toEqual([]);
  });

  it('refuses to rename or delete a group that also holds customers out of reach (403), and to join a group out of reach (404)', async () => {
    const shared = await c.ok('POST', '/api/customer-groups', { name: c.unique('Shared') });
    await c.ok('PUT', `/api/customer-groups/${shared.id}/customers/${mine.other}`);
    const outside = await c.createCustomer({ groupId: shared.id });
    const before = await c.snapshot();
    expect((await c.api(agent, 'PATCH', `/api/customer-groups/${shared.id}`, { name: c.unique('Mine now') })).status).toBe(403);
    expect((await c.api(agent, 'DELETE', `/api/customer-groups/${shared.id}`)).status).toBe(403);
    expect((await c.api(agent, 'PATCH', `/api/customers/${mine.customer}`, { groupId: theirs.group })).status).toBe(404);
    expect((await c.api(agent, 'POST', '/api/customers', { name: c.unique('New'), groupId: theirs.group })).status).toBe(404);
    expect(await c.snapshot()).toBe(before);
    expect(outside.groupId).toBe(shared.id);
  });

  it("cannot reach another customer's portal by any sequence of changes", async () => {
    const ownEmail = `agent-${randomUUID()}@attacker.example`;
    const gatewayCalls = c.gateway.calls.length;
    const before = await c.snapshot();
    const attempts: Array<[string, string, unknown?]> = [
      // Take over a contact of B: give it the agent's address, then enable its login.
      ['PATCH', `/api/contacts/${theirs.contact}`, { email: ownEmail }],
      ['POST', `/api/contacts/${theirs.contact}/enable-login`],
      // End the portal access of B's contact (Disable Login).
      ['POST', `/api/contacts/${theirs.contact}/disable-login`],
      // Bring a contact of B over to A, or send one of A (whose login the agent controls) to B.
      ['POST', `/api/contacts/${theirs.contact}/move`, { customerId: mine.customer }],
      ['POST', `/api/contacts/${mine.contact}/move`, { customerId: theirs.customer, confirmPortalAccessEnd: true }],
      // Add a new contact to B with the agent's address.
      ['POST', `/api/customers/${theirs.customer}/contacts`, { firstName: 'Eve', lastName: 'Agent', email: ownEmail }],
      // Make B's contact a member of a notification group of A's, or of B's.
      ['PUT', `/api/customers/${mine.customer}/notification-groups/${mine.notificationGroup}/members/contact/${theirs.contact}`],
      ['PUT', `/api/customers/${theirs.customer}/notification-groups/${theirs.notificationGroup}/members/contact/${theirs.contact}`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await c.api(agent, method, path, body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect(await c.snapshot()).toBe(before);
    expect(c.gateway.calls.length).toBe(gatewayCalls);
    expect(c.events.received.filter((e) => e.type === 'contact.login_enabled' && e.data.customerId === theirs.customer)).toEqual([]);
  });
});
