import { waitFor } from '@helpdesk/testing';
import { startSystem, type System } from './support/system';

/**
 * Team access through the gateway (issue 10): the principal carries the user's teams, not their
 * customers, so an agent whose teams reach 1,000 customers works normally (the customer list in a
 * header made every request 431 from about 300); the services resolve the customers from their own
 * projection of the teams, which the gateway publishes.
 */
describe('an agent whose teams reach 1,000 customers', () => {
  let system: System;
  let admin: string;
  let agent: string;
  const reached: string[] = [];
  let outside: string;
  let outsideLocation: string;

  const call = (token: string, method: string, path: string, body?: unknown) => system.api(method, path, { token, body });

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    // Created through the gateway, eight at a time: customers and tickets learn of each from its event.
    for (let batch = 0; batch < 1000; batch += 8) {
      const created = await Promise.all(
        Array.from({ length: Math.min(8, 1000 - batch) }, (_, i) => call(admin, 'POST', '/api/customers', { name: `Reached ${String(batch + i).padStart(4, '0')}` })),
      );
      for (const response of created) {
        expect(response.status).toBe(201);
        reached.push(response.body.id);
      }
    }
    outside = (await call(admin, 'POST', '/api/customers', { name: 'Outside' })).body.id;
    outsideLocation = (await call(admin, 'POST', `/api/customers/${outside}/locations`, { name: 'Their office' })).body.id;

    const permissions = ['customers.view', 'customers.manage', 'contacts.manage', 'portal_access.manage'];
    const staff = await call(admin, 'POST', '/api/staff', { email: 'many@helpdesk.test', name: 'Many Customers', password: 'agent password 1234', permissions });
    expect(staff.status).toBe(201);
    const team = await call(admin, 'POST', '/api/teams', { name: 'Everyone but one', customerIds: reached });
    expect(team.status).toBe(201);
    expect((await call(admin, 'PUT', `/api/teams/${team.body.id}/members/${staff.body.id}`)).status).toBe(200);
    agent = (await system.api('POST', '/api/auth/login', { body: { email: 'many@helpdesk.test', password: 'agent password 1234' } })).body.accessToken;
    // The services learn of the team (and of the last customers) from events.
    await waitFor(async () => (await call(agent, 'GET', `/api/customers/${reached.at(-1)}`)).status === 200, { what: 'the customers service to know the team' });
  }, 300_000);
  afterAll(() => system?.stop());

  it('lists, reads and changes the customers of their teams, and opens and lists tickets for them', async () => {
    const page = await call(agent, 'GET', '/api/customers?limit=100');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(100);
    expect(page.body.items.every((c: { id: string }) => reached.includes(c.id))).toBe(true);
    expect((await call(agent, 'PATCH', `/api/customers/${reached[500]}`, { portalTicketVisibility: 'customer' })).status).toBe(200);

    const ticket = await waitFor(
      async () => {
        const created = await call(agent, 'POST', '/api/tickets', { subject: 'Printer', description: 'Offline', requesterEmail: 'a@customer.example', customerId: reached[999] });
        return created.status === 201 ? created : undefined;
      },
      { what: 'the tickets service to know the team and the customer' },
    );
    const listed = await call(agent, 'GET', '/api/tickets');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((t: { id: string }) => t.id)).toContain(ticket.body.id);
    expect((await call(agent, 'GET', `/api/tickets/${ticket.body.id}`)).status).toBe(200);
  });

  it('reaches nothing of the one customer outside their teams', async () => {
    expect((await call(agent, 'GET', `/api/customers/${outside}`)).status).toBe(404);
    expect((await call(agent, 'POST', `/api/customers/${outside}/contacts`, { firstName: 'E', lastName: 'V', email: 'eve@attacker.example' })).status).toBe(404);
    const ticketOfOutside = await waitFor(
      async () => {
        const created = await call(admin, 'POST', '/api/tickets', { subject: 'Theirs', description: 'd', requesterEmail: 'b@customer.example', customerId: outside });
        return created.status === 201 ? created.body : undefined;
      },
      { what: 'the tickets service to know the outside customer' },
    );
    expect((await call(agent, 'GET', `/api/tickets/${ticketOfOutside.id}`)).status).toBe(404);
    const refused = await call(agent, 'POST', '/api/tickets', { subject: 's', description: 'd', requesterEmail: 'a@customer.example', customerId: outside });
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ pointer: '/customerId' }] } });
    // Their location on a ticket of a reached customer: refused, naming the field.
    const foreignLocation = await waitFor(
      async () => {
        const response = await call(agent, 'POST', '/api/tickets', { subject: 's', description: 'd', requesterEmail: 'a@customer.example', customerId: reached[0], locationId: outsideLocation });
        return response.status === 400 ? response : undefined;
      },
      { what: 'a refusal' },
    );
    expect(foreignLocation.body.errors).toEqual([{ pointer: '/locationId', message: expect.any(String) }]);
  });
});
