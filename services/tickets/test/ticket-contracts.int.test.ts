import { randomUUID } from 'node:crypto';
import { contractCreatedV1, contractEndedV1, contractUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import type { StaffPrincipal } from '@helpdesk/http';
import { waitFor } from '@helpdesk/testing';
import { ifMatch, staff, startTickets, type TicketsTestService } from './helpers';

/** A UTC calendar date `days` from today (the date of a ticket opened now). */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Tickets on contracts (issue 13 §2, docs/contracts.md "Tickets and contracts"): a ticket takes only a
 * contract of its own customer that is current on the day it was opened, at creation and by PATCH;
 * anything else is a 422 naming contractId and why. The contracts come from contract.* events.
 */
describe('a ticket\'s contract', () => {
  let t: TicketsTestService;
  let customerA: string;
  let customerB: string;
  let agent: StaffPrincipal;
  const contracts = { current: '', open: '', other: '', notStarted: '', ended: '', endedEarly: '', endedToday: '' };

  type Term = Pick<EventData<typeof contractCreatedV1>, 'startDate' | 'endDate' | 'endedOn'>;

  async function addContract(customerId: string, term: Term): Promise<string> {
    const contractId = randomUUID();
    await t.publish(contractCreatedV1, { id: contractId, version: 1 }, snapshot(contractId, customerId, term));
    await projected(contractId, 1);
    return contractId;
  }

  function snapshot(contractId: string, customerId: string, term: Term): EventData<typeof contractCreatedV1> {
    return {
      contractId,
      customerId,
      description: `Support ${contractId.slice(0, 6)}`,
      purchaseOrderNumber: null,
      customerContactId: randomUUID(),
      supportContactId: randomUUID(),
      supportManagerId: null,
      hourRestriction: false,
      contractHours: null,
      thresholdHours: null,
      usedMinutes: 0,
      ...term,
    };
  }

  const projected = (id: string, version: number) =>
    waitFor(async () => (await t.query('SELECT 1 FROM contracts WHERE id = $1 AND version >= $2', [id, version])).length > 0, { what: `contract ${id} at ${version}` });

  beforeAll(async () => {
    t = await startTickets();
    customerA = await t.addCustomer();
    customerB = await t.addCustomer();
    agent = await t.agentOf([customerA]);
    contracts.current = await addContract(customerA, { startDate: day(-30), endDate: day(30), endedOn: null });
    contracts.open = await addContract(customerA, { startDate: null, endDate: null, endedOn: null });
    contracts.other = await addContract(customerB, { startDate: day(-30), endDate: day(30), endedOn: null });
    contracts.notStarted = await addContract(customerA, { startDate: day(1), endDate: day(30), endedOn: null });
    contracts.ended = await addContract(customerA, { startDate: day(-30), endDate: day(-1), endedOn: null });
    contracts.endedToday = await addContract(customerA, { startDate: day(-30), endDate: day(0), endedOn: day(0) });
    // Ended early yesterday: contract.ended moves the end date to the day it ended.
    contracts.endedEarly = await addContract(customerA, { startDate: day(-30), endDate: day(30), endedOn: null });
    await t.publish(contractEndedV1, { id: contracts.endedEarly, version: 2 }, snapshot(contracts.endedEarly, customerA, { startDate: day(-30), endDate: day(-1), endedOn: day(-1) }));
    await projected(contracts.endedEarly, 2);
  });
  afterAll(() => t?.stop());

  const base = { subject: 'Printer', description: 'Offline.', requesterEmail: 'dana@customer.example' };
  const count = async () => Number((await t.query<{ n: string }>('SELECT count(*) AS n FROM tickets'))[0]!.n);

  const refused: Array<[string, () => string, RegExp]> = [
    ['an unknown contract', () => randomUUID(), /unknown contract/],
    ["another customer's contract", () => contracts.other, /another customer/],
    ['a contract not started yet', () => contracts.notStarted, new RegExp(`not current on ${day(0)}.*starts on ${day(1)}`)],
    ['a contract past its end date', () => contracts.ended, new RegExp(`not current on ${day(0)}.*ended on ${day(-1)}`)],
    ['a contract ended early before the ticket\'s date', () => contracts.endedEarly, new RegExp(`not current on ${day(0)}.*ended on ${day(-1)}`)],
  ];

  function expectRefusal(response: { status: number; headers: Headers; body: any }, reason: RegExp): void {
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors).toEqual([{ pointer: '/contractId', message: expect.stringMatching(reason) }]);
    expect(response.body.detail).toContain('contractId');
  }

  describe('POST /api/tickets', () => {
    it.each(refused)('refuses %s with 422 naming contractId and why, storing nothing', async (_name, contractId, reason) => {
      const before = await count();
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, contractId: contractId() } });
      expectRefusal(response, reason);
      expect(await count()).toBe(before);
    });

    it('refuses any contract on a ticket without a customer', async () => {
      const response = await t.call('POST', '/api/tickets', { as: staff(), body: { ...base, contractId: contracts.open } });
      expectRefusal(response, /without a customer/);
    });

    it.each([
      ['within its term', () => contracts.current],
      ['without a start or an end', () => contracts.open],
      ['ended early today', () => contracts.endedToday],
    ])('takes a contract of the customer current today (%s): in the ticket and in ticket.created', async (_name, contractId) => {
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, contractId: contractId() } });
      expect(response.status).toBe(201);
      expect(response.body.contractId).toBe(contractId());
      expect((await t.call('GET', `/api/tickets/${response.body.id}`, { as: agent })).body.contractId).toBe(contractId());
      const [created] = await t.recorded('ticket.created', response.body.id);
      expect(created).toMatchObject({ contractId: contractId() });
    });

    it('follows contract.updated: a contract whose start moved past today is refused, an older event changes nothing', async () => {
      const moving = await addContract(customerA, { startDate: null, endDate: null, endedOn: null });
      await t.publish(contractUpdatedV1, { id: moving, version: 3 }, { ...snapshot(moving, customerA, { startDate: day(2), endDate: null, endedOn: null }), changedFields: ['startDate'] });
      await projected(moving, 3);
      const late = await t.publish(contractUpdatedV1, { id: moving, version: 2 }, { ...snapshot(moving, customerA, { startDate: null, endDate: null, endedOn: null }), changedFields: ['startDate'] });
      await waitFor(async () => (await t.query('SELECT 1 FROM processed_events WHERE event_id = $1', [late.id])).length > 0, { what: 'the late event handled' });
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA, contractId: moving } });
      expectRefusal(response, new RegExp(`starts on ${day(2)}`));
    });
  });

  describe('PATCH /api/tickets/{id} contractId', () => {
    async function openTicket(): Promise<{ id: string; version: number }> {
      return (await t.call('POST', '/api/tickets', { as: agent, body: { ...base, customerId: customerA } })).body;
    }

    it.each(refused)('refuses %s with 422, changing nothing', async (_name, contractId, reason) => {
      const ticket = await openTicket();
      const response = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { contractId: contractId() } });
      expectRefusal(response, reason);
      expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body).toMatchObject({ version: ticket.version, contractId: null });
    });

    it('judges the contract on the day the ticket was opened, not today', async () => {
      const ticket = await openTicket();
      // Opened a week ago: a contract that started three days ago was not current then.
      await t.query("UPDATE tickets SET created_at = created_at - interval '7 days' WHERE id = $1", [ticket.id]);
      const recent = await addContract(customerA, { startDate: day(-3), endDate: null, endedOn: null });
      const refusal = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { contractId: recent } });
      expectRefusal(refusal, new RegExp(`not current on ${day(-7)}.*starts on ${day(-3)}`));
      const accepted = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { contractId: contracts.current } });
      expect(accepted).toMatchObject({ status: 200, body: { contractId: contracts.current } });
    });

    it('sets, changes and removes (null) the contract: each change in the history and in ticket.updated', async () => {
      const ticket = await openTicket();
      const set = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { contractId: contracts.current } });
      expect(set).toMatchObject({ status: 200, body: { contractId: contracts.current, version: ticket.version + 1 } });
      const changed = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(set.body.version), body: { contractId: contracts.open } });
      expect(changed).toMatchObject({ status: 200, body: { contractId: contracts.open } });
      const removed = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(changed.body.version), body: { contractId: null } });
      expect(removed).toMatchObject({ status: 200, body: { contractId: null } });

      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items;
      expect(history.filter((e: { field?: string }) => e.field === 'contractId')).toEqual([
        expect.objectContaining({ kind: 'field_changed', from: null, to: contracts.current, visibility: 'internal', actor: { kind: 'staff', id: agent.userId } }),
        expect.objectContaining({ from: contracts.current, to: contracts.open }),
        expect.objectContaining({ from: contracts.open, to: null }),
      ]);
      const updates = await t.recorded('ticket.updated', ticket.id);
      expect(updates.map((u) => u.changes)).toEqual([
        [{ field: 'contractId', from: null, to: contracts.current }],
        [{ field: 'contractId', from: contracts.current, to: contracts.open }],
        [{ field: 'contractId', from: contracts.open, to: null }],
      ]);
      expect(updates.map((u) => (u.ticket as { contractId: string | null }).contractId)).toEqual([contracts.current, contracts.open, null]);
    });

    it('keeps a contract that has ended since without checking it again when other fields change', async () => {
      const ticket = await openTicket();
      const ending = await addContract(customerA, { startDate: null, endDate: null, endedOn: null });
      const set = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(ticket.version), body: { contractId: ending } });
      expect(set.status).toBe(200);
      await t.publish(contractEndedV1, { id: ending, version: 2 }, snapshot(ending, customerA, { startDate: null, endDate: day(-1), endedOn: day(-1) }));
      await projected(ending, 2);
      const edit = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(set.body.version), body: { contractId: ending, priority: 'high' } });
      expect(edit).toMatchObject({ status: 200, body: { contractId: ending, priority: 'high' } });
    });

    it('refuses a contract on a ticket without a customer', async () => {
      const admin = staff();
      const ticket = (await t.call('POST', '/api/tickets', { as: admin, body: base })).body;
      const response = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: admin, headers: ifMatch(ticket.version), body: { contractId: contracts.open } });
      expectRefusal(response, /without a customer/);
    });
  });
});
