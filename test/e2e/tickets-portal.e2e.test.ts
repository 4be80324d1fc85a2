import { waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

describe('tickets worked by agents and seen in the customer portal, through the gateway', () => {
  let system: System;
  let admin: string;
  const actions = portalActions(() => system, () => admin);
  const ids = { customerA: '', customerB: '' };
  const people = { anna: { id: '', email: 'anna@a.example', token: '' }, alex: { id: '', email: 'alex@a.example', token: '' }, bob: { id: '', email: 'bob@b.example', token: '' } };

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    ids.customerA = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Customer A' } })).body.id;
    ids.customerB = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Customer B' } })).body.id;
    for (const [name, customer] of [['anna', ids.customerA], ['alex', ids.customerA], ['bob', ids.customerB]] as const) {
      const contact = await actions.addContact(customer, people[name].email, name);
      people[name].id = contact.id;
      people[name].token = await actions.portalUser(contact);
    }
  });
  afterAll(() => system?.stop());

  /** The tickets service learns of customers and contacts from events: the first create may have to wait for them. */
  async function agentCreates(body: Record<string, unknown>, token = admin) {
    return waitFor(
      async () => {
        const created = await system.api('POST', '/api/tickets', { token, body });
        return created.status === 409 && /set up|not known|try again/i.test(created.body.detail) ? undefined : created;
      },
      { what: 'the tickets service to know the customer and contact' },
    );
  }

  const portal = (person: keyof typeof people, method: string, path: string, body?: unknown) =>
    system.api(method, path, { token: people[person].token, body });

  it('an agent opens a ticket for a contact, who sees it with public notes only, answers, and the agent sees the answer in the history', async () => {
    const created = await agentCreates({ subject: 'Printer offline', description: 'Floor 3', customerId: ids.customerA, contactId: people.anna.id });
    expect(created).toMatchObject({ status: 201, body: { customerId: ids.customerA, contactId: people.anna.id, requesterEmail: people.anna.email } });
    const ticket = created.body;
    await system.smtp.waitForMail((m) => m.to.includes(people.anna.email) && m.parsed.subject === `[Ticket #${ticket.number}] Printer offline`);

    const etag = created.headers.get('etag')!;
    const internal = await system.api('POST', `/api/tickets/${ticket.id}/notes`, {
      token: admin,
      headers: { 'if-match': etag },
      body: { body: 'Internal: the customer still owes us an invoice', visibility: 'internal' },
    });
    expect(internal.status).toBe(201);
    const publicNote = await system.api('POST', `/api/tickets/${ticket.id}/notes`, {
      token: admin,
      headers: { 'if-match': internal.headers.get('etag')! },
      body: { body: 'We are on it', visibility: 'public' },
    });
    expect(publicNote.status).toBe(201);

    const dashboard = await portal('anna', 'GET', '/api/portal/tickets');
    expect(dashboard.body.items.map((t: { id: string }) => t.id)).toContain(ticket.id);
    const detail = await portal('anna', 'GET', `/api/portal/tickets/${ticket.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.notes.map((n: { body: string }) => n.body)).toEqual(['We are on it']);
    for (const response of [dashboard, detail]) expect(JSON.stringify(response.body)).not.toContain('invoice');

    expect((await portal('anna', 'POST', `/api/portal/tickets/${ticket.id}/notes`, { body: 'Thanks, it blinks red' })).status).toBe(201);
    const history = await system.api('GET', `/api/tickets/${ticket.id}/history`, { token: admin });
    expect(history.body.items.map((entry: { note?: { body: string } }) => entry.note?.body).filter(Boolean)).toEqual([
      'Internal: the customer still owes us an invoice',
      'We are on it',
      'Thanks, it blinks red',
    ]);
  });

  it('a contact creates a ticket in the portal, and agents find it by customer and text', async () => {
    const created = await waitFor(async () => {
      const answer = await portal('anna', 'POST', '/api/portal/tickets', { subject: 'VPN keeps dropping', description: 'Every hour' });
      return answer.status === 409 ? undefined : answer;
    }, { what: 'the portal create' });
    expect(created).toMatchObject({ status: 201, body: { subject: 'VPN keeps dropping', contactId: people.anna.id } });
    const found = await system.api('GET', `/api/tickets?customerId=${ids.customerA}&q=VPN`, { token: admin });
    expect(found.body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
  });

  it("keeps every other customer's tickets, and by default a colleague's, out of reach", async () => {
    const ticket = (await agentCreates({ subject: 'Only for Anna', description: 'd', customerId: ids.customerA, contactId: people.anna.id })).body;
    for (const person of ['alex', 'bob'] as const) {
      expect((await portal(person, 'GET', `/api/portal/tickets/${ticket.id}`)).status).toBe(404);
      expect((await portal(person, 'POST', `/api/portal/tickets/${ticket.id}/notes`, { body: 'peek' })).status).toBe(404);
      const list = await portal(person, 'GET', '/api/portal/tickets?q=Anna');
      expect(list.body.items).toEqual([]);
    }
    // Customer A decides to share tickets among its contacts: Alex now sees Anna's; Bob still does not.
    expect((await system.api('PATCH', `/api/customers/${ids.customerA}`, { token: admin, body: { portalTicketVisibility: 'customer' } })).status).toBe(200);
    await waitFor(async () => (await portal('alex', 'GET', `/api/portal/tickets/${ticket.id}`)).status === 200, { what: 'the shared setting to apply' });
    expect((await portal('bob', 'GET', `/api/portal/tickets/${ticket.id}`)).status).toBe(404);
  });

  it("lets an agent open tickets only for the customers of their teams", async () => {
    const agent = await system.api('POST', '/api/staff', { token: admin, body: { email: 'agent@helpdesk.test', name: 'Agent', password: 'agent password 123' } });
    const team = await system.api('POST', '/api/teams', { token: admin, body: { name: 'Team B', customerIds: [ids.customerB] } });
    await system.api('PUT', `/api/teams/${team.body.id}/members/${agent.body.id}`, { token: admin });
    const token = (await system.api('POST', '/api/auth/login', { body: { email: 'agent@helpdesk.test', password: 'agent password 123' } })).body.accessToken;
    // The tickets service learns of the team from its event: until then, B is not among the agent's customers either.
    const forB = await waitFor(
      async () => {
        const created = await system.api('POST', '/api/tickets', { token, body: { subject: 'For B', description: 'y', customerId: ids.customerB, contactId: people.bob.id } });
        return created.status === 201 ? created : undefined;
      },
      { what: 'the tickets service to know the team' },
    );
    expect(forB.body.customerId).toBe(ids.customerB);
    const forA = await system.api('POST', '/api/tickets', { token, body: { subject: 'x', description: 'y', customerId: ids.customerA, contactId: people.anna.id } });
    expect(forA).toMatchObject({ status: 400, body: { errors: [{ pointer: '/customerId' }] } });
    const visible = await system.api('GET', '/api/tickets', { token });
    expect(visible.body.items.every((t: { customerId: string }) => t.customerId === ids.customerB)).toBe(true);
  });

  it("a contact moved to another customer sees none of the old customer's tickets after the new invitation", async () => {
    const before = await portal('alex', 'GET', '/api/portal/tickets');
    expect(before.body.items.length).toBeGreaterThan(0);
    const moved = await system.api('POST', `/api/contacts/${people.alex.id}/move`, { token: admin, body: { customerId: ids.customerB, confirmPortalAccessEnd: true } });
    expect(moved.status).toBe(200);
    expect((await portal('alex', 'GET', '/api/portal/tickets')).status).toBe(401);
    people.alex.token = await actions.portalUser({ id: people.alex.id, email: people.alex.email }, 'alex at customer B');
    const after = await portal('alex', 'GET', '/api/portal/tickets');
    expect(after.status).toBe(200);
    expect(after.body.items.filter((t: { id: string }) => before.body.items.some((old: { id: string }) => old.id === t.id))).toEqual([]);
    for (const old of before.body.items) expect((await portal('alex', 'GET', `/api/portal/tickets/${old.id}`)).status).toBe(404);
  });
});
