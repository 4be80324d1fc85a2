import { randomUUID } from 'node:crypto';
import { admin, agent, startContracts, type Contracts } from './time-helpers';

describe('GET /api/time-entries?contractId= (the time billed to a contract)', () => {
  let c: Contracts;
  let customer: string;

  beforeAll(async () => {
    c = await startContracts();
    customer = randomUUID();
  });
  afterAll(() => c?.stop());

  it('lists the entries billed to the contract, the last logged first, a page at a time, with their tickets', async () => {
    const [contractId, other] = [await c.createContract(customer, { contractHours: 10 }), await c.createContract(customer)];
    const first = await c.openTicket(customer, contractId);
    const second = await c.openTicket(customer, contractId);
    const elsewhere = await c.openTicket(customer, other);
    const author = agent();
    const logged: string[] = [];
    for (const [ticket, minutes] of [[first, 10], [second, 20], [first, 30]] as const) {
      logged.push((await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes, note: `${minutes} minutes` })).body.id);
    }
    await c.api(author, 'POST', '/api/time-entries', { ticketId: elsewhere.ticketId, minutes: 5 });

    const page = await c.api(author, 'GET', `/api/time-entries?contractId=${contractId}&limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.contractId).toBe(contractId);
    expect(page.body.items.map((item: { id: string }) => item.id)).toEqual([logged[2], logged[1]]);
    expect(page.body.items[0]).toMatchObject({ ticketId: first.ticketId, ticketNumber: first.number, ticketSubject: `Ticket ${first.number}`, contractId, minutes: 30, note: '30 minutes', staffUserId: author.userId, overLimit: false, version: 1 });
    expect(Date.parse(page.body.items[0].loggedAt)).not.toBeNaN();
    expect(page.body.nextCursor).toEqual(expect.any(String));

    const rest = await c.api(author, 'GET', `/api/time-entries?contractId=${contractId}&limit=2&cursor=${page.body.nextCursor}`);
    expect(rest.body.items.map((item: { id: string }) => item.id)).toEqual([logged[0]]);
    expect(rest.body.nextCursor).toBeNull();

    // An entry that moved on (edited) keeps its place; a deleted one leaves the list.
    await c.api(author, 'PATCH', `/api/time-entries/${logged[0]}`, { version: 1, minutes: 15 });
    await c.api(author, 'DELETE', `/api/time-entries/${logged[1]}?version=1`);
    const after = await c.api(author, 'GET', `/api/time-entries?contractId=${contractId}`);
    expect(after.body.items.map((item: { id: string; minutes: number }) => [item.id, item.minutes])).toEqual([
      [logged[2], 30],
      [logged[0], 15],
    ]);
  });

  it('answers an empty page for a contract without time', async () => {
    const contractId = await c.createContract(customer);
    expect((await c.api(admin, 'GET', `/api/time-entries?contractId=${contractId}`)).body).toEqual({ contractId, items: [], nextCursor: null });
  });

  it("answers 404 for a contract of a customer beyond the agent's teams, as for one that does not exist", async () => {
    const contractId = await c.createContract(customer);
    await c.api(agent(), 'POST', '/api/time-entries', { ticketId: (await c.openTicket(customer, contractId)).ticketId, minutes: 10 });
    const outsider = { ...agent(), teamIds: [randomUUID()] };
    const beyond = await c.api(outsider, 'GET', `/api/time-entries?contractId=${contractId}`);
    const unknown = await c.api(agent(), 'GET', `/api/time-entries?contractId=${randomUUID()}`);
    expect([beyond.status, unknown.status]).toEqual([404, 404]);
    expect(beyond.body.items).toBeUndefined();
  });

  it('refuses with 400 a query naming neither or both ids, paging a ticket, or a cursor it did not give out', async () => {
    const contractId = await c.createContract(customer);
    const ticket = await c.openTicket(customer, contractId);
    for (const query of ['', `contractId=${contractId}&ticketId=${ticket.ticketId}`, `ticketId=${ticket.ticketId}&limit=5`, `contractId=${contractId}&cursor=bm9wZQ`, `contractId=${contractId}&limit=0`]) {
      const response = await c.api(agent(), 'GET', `/api/time-entries?${query}`);
      expect([query, response.status, response.headers.get('content-type')]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
    }
  });

  it('refuses a contact', async () => {
    const contractId = await c.createContract(customer);
    const response = await c.api({ kind: 'contact', contactId: randomUUID(), customerId: customer }, 'GET', `/api/time-entries?contractId=${contractId}`);
    expect(response.status).toBe(403);
  });
});
