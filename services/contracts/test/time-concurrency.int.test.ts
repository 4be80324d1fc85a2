import { randomUUID } from 'node:crypto';
import { agent, startContracts, type Contracts } from './time-helpers';

describe('time logged at once on one contract, across two instances', () => {
  let c: Contracts;

  beforeAll(async () => {
    c = await startContracts({ instances: 2 });
  });
  afterAll(() => c?.stop());

  it('20 agents near the limit, without confirmation: the total is the sum of the accepted entries, never past the limit, one threshold event', async () => {
    const customer = randomUUID();
    // 600 minutes, threshold at 540, 480 used: room for 8 of the 20 entries of 15 minutes.
    const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, thresholdHours: 9, usedMinutes: 480 });
    const tickets = [];
    for (let i = 0; i < 4; i += 1) tickets.push(await c.openTicket(customer, contractId));

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => c.api(agent(), 'POST', '/api/time-entries', { ticketId: tickets[i % 4]!.ticketId, minutes: 15 }, i % 2)),
    );
    const accepted = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(accepted.length + refused.length).toBe(20);
    expect(accepted).toHaveLength(8);
    for (const answer of refused) expect(answer.body).toMatchObject({ type: 'https://helpdesk.dev/problems/over-contract-limit', remainingMinutes: 0 });

    const contract = await c.contract(contractId);
    const [entries] = await c.rows<{ sum: number; count: number; over: number }>(
      'SELECT COALESCE(sum(minutes), 0)::int AS sum, count(*)::int AS count, count(*) FILTER (WHERE over_limit)::int AS over FROM time_entries WHERE contract_id = $1',
      [contractId],
    );
    expect(entries).toEqual({ sum: 120, count: 8, over: 0 });
    expect(contract).toMatchObject({ used: 600, version: 9, reached: true });
    const ticketTotals = await c.rows<{ id: string; total: number; logged: number }>(
      `SELECT t.id, t.total_minutes AS total, (SELECT COALESCE(sum(minutes), 0)::int FROM time_entries e WHERE e.ticket_id = t.id) AS logged
       FROM tickets t WHERE t.id = ANY($1::uuid[])`,
      [tickets.map((ticket) => ticket.ticketId)],
    );
    for (const ticket of ticketTotals) expect(ticket.total).toBe(ticket.logged);
    expect(await c.outbox('contract.threshold_reached', contractId)).toHaveLength(1);
    expect(await c.outbox('contract.limit_passed', contractId)).toHaveLength(0);
    // Every accepted entry's event carries the contract's total after it: each one once, 495 to 600.
    const totals = (await c.rows<{ used: number }>(`SELECT (payload->'data'->>'contractUsedMinutes')::int AS used FROM outbox WHERE event_type = 'time_entry.logged' AND payload->'data'->>'contractId' = $1`, [contractId])).map((row) => row.used);
    expect(totals.sort((a, b) => a - b)).toEqual([495, 510, 525, 540, 555, 570, 585, 600]);
  });
});
