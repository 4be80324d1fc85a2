import { randomUUID } from 'node:crypto';
import { agent, startContracts, type Contracts } from './time-helpers';

describe('the threshold and the limit', () => {
  let c: Contracts;
  const customer = randomUUID();

  beforeAll(async () => {
    c = await startContracts();
  });
  afterAll(() => c?.stop());

  const log = (ticketId: string, minutes: number, extra: Record<string, unknown> = {}, who = agent()) => c.api(who, 'POST', '/api/time-entries', { ticketId, minutes, ...extra });

  describe('threshold', () => {
    it('crossed by one entry: one contract.threshold_reached and one history line', async () => {
      const contractId = await c.createContract(customer, { contractHours: 10, thresholdHours: 8, usedMinutes: 400 });
      const ticket = await c.openTicket(customer, contractId);
      const crossing = await log(ticket.ticketId, 120);
      expect(crossing.body.contract).toMatchObject({ usedMinutes: 520, thresholdReached: true });
      await log(ticket.ticketId, 10);
      const events = await c.outbox('contract.threshold_reached', contractId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        aggregate: { version: 2 },
        data: { entryId: crossing.body.id, contract: { contractId, usedMinutes: 520, thresholdHours: 8 }, ticket: { ticketId: ticket.ticketId, number: ticket.number } },
      });
      expect((await c.history(contractId)).filter((line) => line.kind === 'threshold_reached')).toHaveLength(1);
    });

    it('crossed by many small entries: one event, from the entry that reached it', async () => {
      const contractId = await c.createContract(customer, { thresholdHours: 1 });
      const ticket = await c.openTicket(customer, contractId);
      const entries = [];
      for (let i = 0; i < 8; i += 1) entries.push((await log(ticket.ticketId, 10)).body);
      const events = await c.outbox('contract.threshold_reached', contractId);
      expect(events).toHaveLength(1);
      expect(events[0]!.data.entryId).toBe(entries[5].id);
      expect(events[0]!.data.contract.usedMinutes).toBe(60);
    });

    it('a deletion that takes the total below it re-arms it; crossing again is a second event', async () => {
      const contractId = await c.createContract(customer, { contractHours: 20, thresholdHours: 2 });
      const ticket = await c.openTicket(customer, contractId);
      const author = agent();
      const big = (await log(ticket.ticketId, 100, {}, author)).body;
      await log(ticket.ticketId, 30, {}, author);
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(1);
      const deleted = await c.api(author, 'DELETE', `/api/time-entries/${big.id}`, { version: 1 });
      expect(deleted.body.contract).toMatchObject({ usedMinutes: 30, thresholdReached: false });
      expect((await c.contract(contractId)).reached).toBe(false);
      await log(ticket.ticketId, 60, {}, author);
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(1);
      await log(ticket.ticketId, 30, {}, author);
      const events = await c.outbox('contract.threshold_reached', contractId);
      expect(events.map((event) => event.data.contract.usedMinutes)).toEqual([130, 120]);
    });

    it('an edit that lowers the minutes below it re-arms it too', async () => {
      const contractId = await c.createContract(customer, { thresholdHours: 1 });
      const ticket = await c.openTicket(customer, contractId);
      const author = agent();
      const entry = (await log(ticket.ticketId, 90, {}, author)).body;
      expect((await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 30 })).body.contract.thresholdReached).toBe(false);
      expect((await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 2, minutes: 60 })).body.contract.thresholdReached).toBe(true);
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(2);
    });
  });

  describe('a threshold lowered below the used time while armed', () => {
    it('is crossed by the next change that adds minutes, never by a deletion (which would name a deleted entry)', async () => {
      const contractId = await c.createContract(customer, { thresholdHours: 2 });
      const ticket = await c.openTicket(customer, contractId);
      const author = agent();
      const first = (await log(ticket.ticketId, 50, {}, author)).body;
      await log(ticket.ticketId, 50, {}, author);
      // As an administrator's PATCH does: lowered, it stays armed (docs/contracts.md).
      await c.rows('UPDATE contracts SET threshold_hours = 0.5 WHERE id = $1', [contractId]);
      const deleted = await c.api(author, 'DELETE', `/api/time-entries/${first.id}`, { version: 1 });
      expect(deleted.body.contract).toMatchObject({ usedMinutes: 50, thresholdReached: true });
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(0);
      expect((await c.contract(contractId)).reached).toBe(false);
      const next = (await log(ticket.ticketId, 1, {}, author)).body;
      const events = await c.outbox('contract.threshold_reached', contractId);
      expect(events.map((event) => event.data.entryId)).toEqual([next.id]);
    });
  });

  describe('minutes of hours with two decimals: one rule for every answer', () => {
    it('40.01 h with 2,400 minutes used: nothing remains in the contract, the entry and the 409 alike', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 40.01, usedMinutes: 2399 });
      const ticket = await c.openTicket(customer, contractId);
      const logged = await log(ticket.ticketId, 1);
      expect(logged.body.contract).toMatchObject({ usedMinutes: 2400, remainingMinutes: 0, overageMinutes: 0 });
      expect((await c.api(agent(), 'GET', `/api/contracts/${contractId}`)).body).toMatchObject({ usedMinutes: 2400, remainingMinutes: 0, overageMinutes: 0 });
      expect((await log(ticket.ticketId, 1)).body).toMatchObject({ status: 409, remainingMinutes: 0 });
    });

    it('a threshold of 8.02 h (481.2 minutes) is not reached at 481 minutes, and the entry that reaches 482 warns', async () => {
      const contractId = await c.createContract(customer, { contractHours: 10, thresholdHours: 8.02, usedMinutes: 480 });
      const ticket = await c.openTicket(customer, contractId);
      expect((await log(ticket.ticketId, 1)).body.contract).toMatchObject({ usedMinutes: 481, thresholdReached: false });
      expect((await c.api(agent(), 'GET', `/api/contracts/${contractId}`)).body).toMatchObject({ usedMinutes: 481, thresholdReached: false });
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(0);
      expect((await log(ticket.ticketId, 1)).body.contract).toMatchObject({ usedMinutes: 482, thresholdReached: true });
      expect((await c.api(agent(), 'GET', `/api/contracts/${contractId}`)).body).toMatchObject({ thresholdReached: true });
      expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(1);
    });
  });

  describe('limit', () => {
    it('refuses an entry past the hours without confirmation: 409 over-contract-limit with the hours that remain, nothing written', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, usedMinutes: 555 });
      const ticket = await c.openTicket(customer, contractId);
      const refused = await log(ticket.ticketId, 60);
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ type: 'https://helpdesk.dev/problems/over-contract-limit', status: 409, remainingMinutes: 45, remainingHours: 0.75 });
      expect(refused.body.detail).toContain('0.75 hours (45 minutes) remain');
      expect(refused.body.detail).toContain('confirmOverLimit');
      expect(await c.contract(contractId)).toMatchObject({ used: 555, version: 1 });
      expect(await c.rows('SELECT 1 FROM time_entries WHERE ticket_id = $1', [ticket.ticketId])).toHaveLength(0);
    });

    it('records it with confirmation: over_limit, the overage on the contract, a limit_passed line and contract.limit_passed', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, usedMinutes: 555 });
      const ticket = await c.openTicket(customer, contractId);
      const who = agent();
      const accepted = await log(ticket.ticketId, 60, { confirmOverLimit: true }, who);
      expect(accepted.status).toBe(201);
      expect(accepted.body).toMatchObject({ overLimit: true, contract: { usedMinutes: 615, remainingMinutes: 0, overageMinutes: 15 } });
      expect((await c.history(contractId)).map((line) => line.kind)).toEqual(['time_logged', 'limit_passed']);
      expect((await c.history(contractId))[1]!.detail).toMatchObject({ overageMinutes: 15, entryId: accepted.body.id });
      const events = await c.outbox('contract.limit_passed', contractId);
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({ overageMinutes: 15, confirmedBy: who.userId, entryId: accepted.body.id, contract: { usedMinutes: 615 } });

      // Past the limit, the next entry needs confirmation too, and says that no hours remain.
      const next = await log(ticket.ticketId, 5);
      expect(next.status).toBe(409);
      expect(next.body).toMatchObject({ remainingMinutes: 0, overageMinutes: 15 });
      expect(next.body.detail).toContain('no hours remain');
    });

    it('reaching the limit exactly needs no confirmation', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, usedMinutes: 555 });
      const ticket = await c.openTicket(customer, contractId);
      const exact = await log(ticket.ticketId, 45);
      expect(exact.status).toBe(201);
      expect(exact.body).toMatchObject({ overLimit: false, contract: { usedMinutes: 600, remainingMinutes: 0, overageMinutes: 0 } });
      expect(await c.outbox('contract.limit_passed', contractId)).toHaveLength(0);
    });

    it('an edit that adds minutes past the limit needs confirmation; one that takes minutes off does not', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 1 });
      const ticket = await c.openTicket(customer, contractId);
      const author = agent();
      const entry = (await log(ticket.ticketId, 50, {}, author)).body;
      expect((await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 70 })).status).toBe(409);
      expect((await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 1, minutes: 70, confirmOverLimit: true })).body).toMatchObject({ overLimit: true, contract: { overageMinutes: 10 } });
      expect((await c.api(author, 'PATCH', `/api/time-entries/${entry.id}`, { version: 2, minutes: 40 })).body).toMatchObject({ overLimit: false, contract: { usedMinutes: 40 } });
    });

    it('a contract without an hour restriction has no limit', async () => {
      const contractId = await c.createContract(customer, { contractHours: 1, usedMinutes: 60 });
      const ticket = await c.openTicket(customer, contractId);
      expect((await log(ticket.ticketId, 30)).body).toMatchObject({ overLimit: false, contract: { usedMinutes: 90, remainingMinutes: 0, overageMinutes: 30 } });
    });

    it('past the limit already: remaining is 0, never negative, and the 409 says the overage', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, usedMinutes: 620 });
      const ticket = await c.openTicket(customer, contractId);
      const refused = await log(ticket.ticketId, 5);
      expect(refused.body).toMatchObject({ status: 409, remainingMinutes: 0, remainingHours: 0, overageMinutes: 20 });
      expect(refused.body.detail).toContain('already 20 minutes past them');
      const confirmed = await log(ticket.ticketId, 5, { confirmOverLimit: true });
      expect(confirmed.body.contract).toMatchObject({ usedMinutes: 625, remainingMinutes: 0, overageMinutes: 25 });
    });
  });
});
