import { randomUUID } from 'node:crypto';
import { admin, agent, startContracts, type Contracts } from './time-helpers';

const today = () => new Date().toISOString().slice(0, 10);

describe('time entries', () => {
  let c: Contracts;
  let customer: string;

  beforeAll(async () => {
    c = await startContracts();
    customer = randomUUID();
  });
  afterAll(() => c?.stop());

  it('logs, edits and deletes time, keeping the ticket and the contract totals exact, with history and events', async () => {
    const contractId = await c.createContract(customer, { contractHours: 40 });
    const ticket = await c.openTicket(customer, contractId);
    const author = agent();

    const logged = await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 90, workedOn: today(), note: 'Replaced the fuser' });
    expect(logged.status).toBe(201);
    expect(logged.headers.get('location')).toBe(`/api/time-entries/${logged.body.id}`);
    expect(logged.body).toMatchObject({ ticketId: ticket.ticketId, contractId, minutes: 90, note: 'Replaced the fuser', staffUserId: author.userId, overLimit: false, version: 1, ticketTotalMinutes: 90 });
    expect(logged.body.contract).toEqual({ contractId, usedMinutes: 90, remainingMinutes: 2310, overageMinutes: 0, thresholdReached: false });
    const second = await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 30 });
    expect(second.body).toMatchObject({ workedOn: today(), note: null, ticketTotalMinutes: 120 });

    const edited = await c.api(author, 'PATCH', `/api/time-entries/${logged.body.id}`, { version: 1, minutes: 60, note: 'Fuser and rollers' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ minutes: 60, note: 'Fuser and rollers', version: 2, ticketTotalMinutes: 90, contract: { usedMinutes: 90 } });

    const deleted = await c.api(author, 'DELETE', `/api/time-entries/${second.body.id}`, { version: 1 });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ ticketTotalMinutes: 60, contract: { usedMinutes: 60 } });

    const list = await c.api(author, 'GET', `/api/time-entries?ticketId=${ticket.ticketId}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ ticketId: ticket.ticketId, totalMinutes: 60, entries: [{ id: logged.body.id, minutes: 60, note: 'Fuser and rollers', version: 2 }] });
    expect(await c.contract(contractId)).toMatchObject({ used: 60, version: 5 });
    expect((await c.history(contractId)).map((line) => [line.kind, line.detail.usedMinutes])).toEqual([
      ['time_logged', 90],
      ['time_logged', 120],
      ['time_updated', 90],
      ['time_deleted', 60],
    ]);
    expect((await c.outbox('time_entry.logged', logged.body.id))[0]!.data).toMatchObject({ minutes: 90, ticketTotalMinutes: 90, contractUsedMinutes: 90, contractId });
    expect((await c.outbox('time_entry.updated', logged.body.id))[0]).toMatchObject({ aggregate: { version: 2 }, data: { minutes: 60, previousMinutes: 90, changedBy: author.userId } });
    expect((await c.outbox('time_entry.deleted', second.body.id))[0]).toMatchObject({ aggregate: { version: 2 }, data: { minutes: 30, ticketTotalMinutes: 60, deletedBy: author.userId } });
  });

  it('logs time on a ticket without a contract: the ticket total only', async () => {
    const ticket = await c.openTicket(customer);
    const logged = await c.api(agent(), 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 15 });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ contractId: null, ticketTotalMinutes: 15, contract: null });
    expect((await c.outbox('time_entry.logged', logged.body.id))[0]!.data).toMatchObject({ contractId: null, contractUsedMinutes: null });
  });

  it('bills an entry to the contract the ticket had when it was logged; a later change of contract moves nothing', async () => {
    const [first, second] = [await c.createContract(customer), await c.createContract(customer)];
    const ticket = await c.openTicket(customer, first);
    const author = agent();
    const early = await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 20 });
    await c.assignContract(ticket, second, 2);
    const late = await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 });
    expect([early.body.contractId, late.body.contractId]).toEqual([first, second]);
    const edited = await c.api(author, 'PATCH', `/api/time-entries/${early.body.id}`, { version: 1, minutes: 25 });
    expect(edited.body).toMatchObject({ contractId: first, ticketTotalMinutes: 35 });
    expect([(await c.contract(first)).used, (await c.contract(second)).used]).toEqual([25, 10]);
  });

  it('answers an edit that changes nothing with the entry as it is: no new version, event or history line', async () => {
    const contractId = await c.createContract(customer, { contractHours: 10 });
    const ticket = await c.openTicket(customer, contractId);
    const author = agent();
    const entry = (await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 30, note: 'Fixed' })).body;
    const same = await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 30, workedOn: entry.workedOn, note: 'Fixed' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ id: entry.id, version: 1, minutes: 30, ticketTotalMinutes: 30, contract: { usedMinutes: 30, remainingMinutes: 570 } });
    expect(await c.outbox('time_entry.updated', entry.id)).toHaveLength(0);
    expect((await c.history(contractId)).map((line) => line.kind)).toEqual(['time_logged']);
    expect(await c.contract(contractId)).toMatchObject({ used: 30, version: 2 });
  });

  it("refuses with 409 to bill a ticket's time to a contract of another customer, writing nothing", async () => {
    const contractId = await c.createContract(randomUUID(), { contractHours: 10 });
    const ticket = await c.openTicket(customer, contractId);
    const refused = await c.api(agent(), 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('belongs to another customer');
    expect(await c.contract(contractId)).toMatchObject({ used: 0, version: 1 });
    expect((await c.rows('SELECT 1 FROM time_entries WHERE ticket_id = $1', [ticket.ticketId])).length).toBe(0);
  });

  describe('who may', () => {
    it('lets the author or time_entries.manage edit and delete, and refuses another agent with 403', async () => {
      const contractId = await c.createContract(customer);
      const ticket = await c.openTicket(customer, contractId);
      const author = agent();
      const entry = (await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 })).body;

      const other = await c.api(agent(), 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 20 });
      expect(other.status).toBe(403);
      expect(other.body.detail).toContain('time_entries.manage');
      expect((await c.api(agent(), 'DELETE', `/api/time-entries/${entry.id}`, { version: 1 })).status).toBe(403);
      expect((await c.contract(contractId)).used).toBe(10);

      const manager = agent(['time_entries.manage']);
      expect((await c.api(manager, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 20 })).body).toMatchObject({ minutes: 20, version: 2 });
      expect((await c.api(manager, 'DELETE', `/api/time-entries/${entry.id}?version=2`)).status).toBe(200);
      expect((await c.contract(contractId)).used).toBe(0);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const ticket = await c.openTicket(customer);
      const author = agent();
      const entry = (await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 })).body;
      await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 11 });
      const stale = await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 50 });
      expect(stale.status).toBe(409);
      expect(stale.body.detail).toContain('version 2');
      expect((await c.api(author, 'GET', `/api/time-entries?ticketId=${ticket.ticketId}`)).body.totalMinutes).toBe(11);
    });

    it("answers 404 for a ticket of a customer the agent's teams do not reach, as for one not known", async () => {
      const ticket = await c.openTicket(customer);
      const outsider = { ...agent(), teamIds: [randomUUID()] };
      for (const response of [
        await c.api(outsider, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 }),
        await c.api(outsider, 'GET', `/api/time-entries?ticketId=${ticket.ticketId}`),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.detail).toContain('not known');
      }
      expect((await c.api(admin, 'GET', `/api/time-entries?ticketId=${ticket.ticketId}`)).body.entries).toEqual([]);
    });

    it('refuses a contact', async () => {
      const ticket = await c.openTicket(customer);
      const response = await c.api({ kind: 'contact', contactId: randomUUID(), customerId: customer }, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 });
      expect(response.status).toBe(403);
    });
  });

  it('answers 404 saying the ticket is not known (yet) for a ticket the service has not heard of', async () => {
    const ticketId = randomUUID();
    const response = await c.api(agent(), 'POST', '/api/time-entries', { ticketId, minutes: 10 });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.detail).toContain(`Ticket ${ticketId} is not known to the contracts service (yet`);
  });

  describe('field rules: 422 naming the field', () => {
    const tomorrowFarAhead = () => new Date(Date.now() + 40 * 60 * 60 * 1000).toISOString().slice(0, 10);
    it.each([
      ['minutes below 1', { minutes: 0 }, '/minutes'],
      ['minutes above 1,440', { minutes: 1441 }, '/minutes'],
      ['minutes not whole', { minutes: 1.5 }, '/minutes'],
      ['no minutes', { minutes: undefined }, '/minutes'],
      ['a day worked that is no date', { workedOn: '2026-02-30x' }, '/workedOn'],
      ['a day worked in the future', { workedOn: 'future' }, '/workedOn'],
      ['a note over 2,000 characters', { note: 'x'.repeat(2001) }, '/note'],
      ['confirmOverLimit not a boolean', { confirmOverLimit: 'yes' }, '/confirmOverLimit'],
      ['a ticket id that is no uuid', { ticketId: 'ticket-1' }, '/ticketId'],
      ['a urn:uuid: ticket id (PostgreSQL refuses it)', { ticketId: 'urn:uuid:3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d' }, '/ticketId'],
      ['a day worked in the year 0000 (PostgreSQL refuses it)', { workedOn: '0000-01-01' }, '/workedOn'],
    ])('refuses %s', async (_rule, fields, pointer) => {
      const ticket = await c.openTicket(customer);
      const body = { ticketId: ticket.ticketId, minutes: 10, ...fields, ...(fields.workedOn === 'future' && { workedOn: tomorrowFarAhead() }) };
      const response = await c.api(agent(), 'POST', '/api/time-entries', body);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      expect((await c.rows('SELECT 1 FROM time_entries WHERE ticket_id = $1', [ticket.ticketId])).length).toBe(0);
    });

    it('applies the same rules to an edit', async () => {
      const ticket = await c.openTicket(customer);
      const author = agent();
      const entry = (await c.api(author, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 10 })).body;
      for (const [fields, pointer] of [
        [{ minutes: 2000 }, '/minutes'],
        [{ workedOn: tomorrowFarAhead() }, '/workedOn'],
        [{ note: 'x'.repeat(2001) }, '/note'],
        [{}, '/version'],
      ] as const) {
        const response = await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, ...fields, ...(pointer === '/version' && { version: 0 }) });
        expect(response.status).toBe(422);
        expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      }
    });
  });
});
