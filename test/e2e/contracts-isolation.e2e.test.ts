import { waitFor, type JsonResponse } from '@helpdesk/testing';
import { contractActions } from './support/contracts';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

/**
 * Issue 13 in the portal: a contact sees their own customer's current contracts and the time logged on
 * their visible tickets (never the agents' notes); a contact of another customer sees none of it,
 * whichever portal route they try, with whatever id they pass.
 */
describe("a customer's contracts and time in the portal, kept from every other customer's contacts", () => {
  let system: System;
  let admin: string;
  const actions = contractActions(() => system, () => admin);
  const portal = portalActions(() => system, () => admin);
  const people = { anna: { id: '', email: 'anna@alpha.example', token: '' }, bob: { id: '', email: 'bob@beta.example', token: '' } };
  const alpha = { customerId: '', contractId: '', ticketId: '', ticketNumber: 0, entryId: '' };
  const beta = { customerId: '', contractId: '', ticketId: '' };
  const secretNote = 'Internal: the alpha switch password is hunter2';

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    alpha.customerId = await actions.addCustomer('Alpha Industries');
    beta.customerId = await actions.addCustomer('Beta Logistics');
    for (const [name, customerId] of [['anna', alpha.customerId], ['bob', beta.customerId]] as const) {
      const contact = await portal.addContact(customerId, people[name].email, name);
      people[name].id = contact.id;
      people[name].token = await portal.portalUser(contact);
    }
    // Sam logs the time: an administrator, who reaches every customer.
    const sam = await actions.addStaff('sam@helpdesk.test', { role: 'admin' });
    const contractOf = (customerId: string, customerContactId: string, description: string) =>
      actions.createContract({ customerId, description, purchaseOrderNumber: `PO ${description}`, customerContactId, supportContactId: sam.id, hourRestriction: true, contractHours: 20, thresholdHours: 15 });
    alpha.contractId = (await contractOf(alpha.customerId, people.anna.id, 'Alpha support hours')).id;
    beta.contractId = (await contractOf(beta.customerId, people.bob.id, 'Beta support hours')).id;

    const alphaTicket = (await actions.openTicket({ subject: 'Alpha switch fails', customerId: alpha.customerId, contactId: people.anna.id, contractId: alpha.contractId })).body;
    [alpha.ticketId, alpha.ticketNumber] = [alphaTicket.id, alphaTicket.number];
    alpha.entryId = (await actions.logFirstTime({ ticketId: alpha.ticketId, minutes: 45, note: secretNote }, sam.token)).id;
    beta.ticketId = (await actions.openTicket({ subject: 'Beta scanner', customerId: beta.customerId, contactId: people.bob.id, contractId: beta.contractId })).body.id;
    await actions.logFirstTime({ ticketId: beta.ticketId, minutes: 30 });
  });
  afterAll(() => system?.stop());

  const as = (person: keyof typeof people, method: string, path: string, body?: unknown) => system.api(method, path, { token: people[person].token, body });
  /** Nothing of Alpha's contract, ticket or time in an answer to `request` (an id the request sent itself may be echoed, as a 404 names its path). */
  const expectNothingOfAlpha = (answer: JsonResponse, request: string) => {
    const text = JSON.stringify(answer.body ?? '');
    const secrets = [alpha.contractId, 'Alpha support hours', 'PO Alpha', alpha.ticketId, 'Alpha switch', alpha.entryId, 'hunter2'];
    for (const secret of secrets.filter((s) => !request.includes(s))) {
      if (text.includes(secret)) throw new Error(`${request} answered ${answer.status} with "${secret}": ${text}`);
    }
    expect(answer.status).toBeLessThan(500);
  };

  it("a contact sees their customer's current contracts with the hours used and remaining, and the time on their ticket without the notes", async () => {
    const contracts = await as('anna', 'GET', '/api/portal/contracts');
    expect(contracts.status).toBe(200);
    expect(contracts.body.items).toEqual([
      expect.objectContaining({ id: alpha.contractId, description: 'Alpha support hours', contractHours: 20, usedMinutes: 45, remainingMinutes: 20 * 60 - 45 }),
    ]);
    expect(JSON.stringify(contracts.body)).not.toContain('Beta');

    // The tickets service learns of the time from the contracts service's events.
    const ticket = await waitFor(
      async () => {
        const answer = await as('anna', 'GET', `/api/portal/tickets/${alpha.ticketId}`);
        return answer.status === 200 && answer.body.timeSpentMinutes === 45 ? answer : undefined;
      },
      { what: 'the portal ticket to show the time logged on it' },
    );
    expect(ticket.body.timeEntries).toEqual([{ workedOn: new Date().toISOString().slice(0, 10), minutes: 45, agentName: 'Staff sam' }]);
    expect(JSON.stringify(ticket.body)).not.toContain('hunter2');
    const dashboard = await as('anna', 'GET', '/api/portal/tickets');
    expect(dashboard.body.items.find((item: { id: string }) => item.id === alpha.ticketId)).toMatchObject({ timeSpentMinutes: 45 });
    expect(JSON.stringify(dashboard.body)).not.toContain('hunter2');
  });

  it("a contact of another customer sees none of them, in every portal route", async () => {
    // Their own customer's contract is all they see.
    const list = await as('bob', 'GET', '/api/portal/contracts');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([beta.contractId]);
    expectNothingOfAlpha(list, 'GET /api/portal/contracts');

    // A customer or contract named in the request changes nothing.
    for (const query of [`customerId=${alpha.customerId}`, `contractId=${alpha.contractId}`, `id=${alpha.contractId}`]) {
      const answer = await as('bob', 'GET', `/api/portal/contracts?${query}`);
      expectNothingOfAlpha(answer, `GET /api/portal/contracts?${query}`);
      if (answer.status === 200) expect(answer.body.items.map((c: { id: string }) => c.id)).toEqual([beta.contractId]);
    }
    // Routes that name Alpha's contract or ticket: 404, as if they did not exist.
    const byId = [
      `/api/portal/contracts/${alpha.contractId}`,
      `/api/portal/contracts/${alpha.contractId}/time-entries`,
      `/api/portal/contracts/${alpha.contractId}/tickets`,
      `/api/portal/tickets/${alpha.ticketId}`,
      `/api/portal/tickets/${alpha.ticketId}/time-entries`,
      `/api/portal/tickets/${alpha.ticketId}/time`,
    ];
    for (const path of byId) {
      const answer = await as('bob', 'GET', path);
      expectNothingOfAlpha(answer, `GET ${path}`);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
    }
    for (const query of [`contractId=${alpha.contractId}`, `customerId=${alpha.customerId}`, 'q=Alpha']) {
      const answer = await as('bob', 'GET', `/api/portal/tickets?${query}`);
      expectNothingOfAlpha(answer, `GET /api/portal/tickets?${query}`);
    }
    expectNothingOfAlpha(await as('bob', 'POST', `/api/portal/tickets/${alpha.ticketId}/notes`, { body: 'peek' }), `POST /api/portal/tickets/${alpha.ticketId}/notes`);

    // A ticket of their own on Alpha's contract: refused, naming the field.
    const created = await as('bob', 'POST', '/api/portal/tickets', { subject: 'On their contract', description: 'd', contractId: alpha.contractId });
    expectNothingOfAlpha(created, `POST /api/portal/tickets with contractId ${alpha.contractId}`);
    expect([400, 422]).toContain(created.status);
    expect(created.body.errors).toContainEqual(expect.objectContaining({ pointer: '/contractId' }));

    // The staff routes are not the portal's: a contact's token reaches none of them.
    for (const path of [
      `/api/contracts/${alpha.contractId}`,
      `/api/contracts?customerId=${alpha.customerId}`,
      `/api/time-entries?ticketId=${alpha.ticketId}`,
      `/api/tickets/${alpha.ticketId}`,
    ]) {
      const answer = await as('bob', 'GET', path);
      expectNothingOfAlpha(answer, `GET ${path}`);
      expect([401, 403, 404]).toContain(answer.status);
    }
    for (const [method, path, body] of [
      ['POST', '/api/time-entries', { ticketId: alpha.ticketId, minutes: 5, workedOn: new Date().toISOString().slice(0, 10) }],
      ['PATCH', `/api/time-entries/${alpha.entryId}`, { minutes: 1, version: 1 }],
      ['DELETE', `/api/time-entries/${alpha.entryId}`, { version: 1 }],
      ['PATCH', `/api/contracts/${alpha.contractId}`, { description: 'Hijacked', version: 1 }],
      ['POST', `/api/contracts/${alpha.contractId}/end`, {}],
    ] as const) {
      const answer = await as('bob', method, path, body);
      expectNothingOfAlpha(answer, `${method} ${path} ${JSON.stringify(body)}`);
      expect([401, 403, 404]).toContain(answer.status);
    }
    // And nothing changed on Alpha's side.
    expect(await actions.contract(alpha.contractId)).toMatchObject({ description: 'Alpha support hours', usedMinutes: 45, endedOn: null });
  });
});
