import { randomUUID } from 'node:crypto';
import { createEvent, ticketAssignedV1, ticketCreatedV1, ticketStatusChangedV1, ticketUpdatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { ticketEventGroups } from '../src/events/ticket-event-groups';
import { admin, agent, startContracts, type Contracts } from './time-helpers';

describe('the tickets time is logged on', () => {
  let c: Contracts;
  const customer = randomUUID();

  beforeAll(async () => {
    c = await startContracts();
  });
  afterAll(() => c?.stop());

  const ticketRow = async (id: string) =>
    (await c.rows('SELECT number, subject, customer_id AS "customerId", contract_id AS "contractId", team_id AS "teamId", status, opened_at AS "openedAt", total_minutes AS "totalMinutes", version FROM tickets WHERE id = $1', [id]))[0];

  it('keeps the newest state by aggregate version, whatever order the events come in, and never touches the total', async () => {
    const [first, second] = [await c.createContract(customer), await c.createContract(customer)];
    const ticket = await c.openTicket(customer, first);
    await c.api(agent(), 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 25 });
    await c.assignContract(ticket, second, 3);
    // An older change arriving late changes nothing.
    await c.assignContract(ticket, null, 2);
    const teamId = randomUUID();
    const assigned = c.change(ticket, { status: 'open', contractId: second });
    await c.deliver(
      ticketAssignedV1,
      { id: ticket.ticketId, version: 4 },
      { ...assigned, ticket: { ...assigned.ticket, teamId }, assigneeId: null, teamId, previousAssigneeId: null, previousTeamId: null },
      'tickets',
    );
    expect(await ticketRow(ticket.ticketId)).toMatchObject({ contractId: second, status: 'open', teamId, totalMinutes: 25, version: 4 });
  });

  it('takes a ticket whose changes come before its creation, with the time it was opened once ticket.created comes', async () => {
    const ticket = { ticketId: randomUUID(), number: 77, customerId: customer };
    const contractId = await c.createContract(customer);
    await c.assignContract(ticket, contractId, 2);
    expect(await ticketRow(ticket.ticketId)).toMatchObject({ contractId, version: 2, status: 'open' });
    expect((await c.api(admin, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 5 })).status).toBe(201);

    const openedAt = new Date(Date.now() - 60_000);
    await c.deliver(
      ticketCreatedV1,
      { id: ticket.ticketId, version: 1 },
      { ticketId: ticket.ticketId, number: 77, subject: 'Old subject', requesterEmail: 'dana@customer.example', status: 'new', priority: 'normal', createdBy: { kind: 'staff', id: admin.userId }, createdAt: openedAt.toISOString(), customerId: customer, contractId: null },
      'tickets',
    );
    expect(await ticketRow(ticket.ticketId)).toMatchObject({ contractId, version: 2, status: 'open', subject: 'Ticket 77', openedAt, totalMinutes: 5 });
  });

  it('applies a group of events once, several of one ticket among them, in version order whatever order they came in', async () => {
    const [first, second] = [await c.createContract(customer), await c.createContract(customer)];
    const ticket = { ticketId: randomUUID(), number: 4242, customerId: customer };
    const openedAt = new Date(Date.now() - 120_000);
    const event = (definition: Parameters<typeof createEvent>[0], version: number, data: unknown) =>
      createEvent(definition, { id: ticket.ticketId, version }, data as never, { producer: 'tickets', correlationId: 'group-test' }) as Envelope;
    const created = event(ticketCreatedV1, 1, {
      ticketId: ticket.ticketId, number: ticket.number, subject: 'First subject', requesterEmail: 'dana@customer.example', status: 'new', priority: 'normal',
      createdBy: { kind: 'staff', id: admin.userId }, createdAt: openedAt.toISOString(), customerId: customer, contractId: first,
    });
    const moved = event(ticketUpdatedV1, 2, { ...c.change(ticket, { status: 'open', contractId: second }), changes: [{ field: 'contractId', from: first, to: second }] });
    const pending = c.change(ticket, { status: 'pending', contractId: second });
    const waiting = event(ticketStatusChangedV1, 3, { ...pending, from: 'open', to: 'pending' });
    // An event of before issue 12 (no snapshot) says too little to keep, but is applied all the same.
    const bareTicketId = randomUUID();
    const bare = event(ticketUpdatedV1, 1, { ...c.change({ ...ticket, ticketId: bareTicketId }, { status: 'open', contractId: null }), ticket: undefined, changes: [{ field: 'subject', from: 'a', to: 'b' }] });
    const group = [waiting, created, moved, created, bare];

    const applied = await ticketEventGroups.handleGroup(group, c.instances[0]!);
    expect([...applied].sort()).toEqual([waiting.id, created.id, moved.id, bare.id].sort());
    const kept = { contractId: second, status: 'pending', subject: `Ticket ${ticket.number}`, openedAt, version: 3 };
    expect(await ticketRow(ticket.ticketId)).toMatchObject(kept);
    expect(await c.rows('SELECT 1 FROM tickets WHERE id = $1', [bareTicketId])).toHaveLength(0);

    // Delivered again, as a broker may: nothing is applied twice, nothing changes.
    expect(await ticketEventGroups.handleGroup([moved, created], c.instances[0]!)).toEqual([]);
    expect(await ticketRow(ticket.ticketId)).toMatchObject(kept);
  });

  describe('ticket.closed', () => {
    it('emits one contract.ticket_closed with the minutes on that ticket against the contract, the total and what remains', async () => {
      const contractId = await c.createContract(customer, { hourRestriction: true, contractHours: 10, usedMinutes: 100 });
      const other = await c.createContract(customer);
      const ticket = await c.openTicket(customer, other);
      const who = agent();
      await c.api(who, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes: 40 });
      await c.assignContract(ticket, contractId, 2);
      for (const minutes of [30, 15]) await c.api(who, 'POST', '/api/time-entries', { ticketId: ticket.ticketId, minutes });

      const closed = await c.closeTicket({ ...ticket, contractId }, 3);
      const events = await c.outbox('contract.ticket_closed', contractId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        aggregate: { version: 3 },
        data: {
          contract: { contractId, usedMinutes: 145, contractHours: 10 },
          ticket: { ticketId: ticket.ticketId, number: ticket.number, subject: `Ticket ${ticket.number}` },
          ticketMinutes: 45,
          remainingMinutes: 455,
          closedAt: closed.data.at,
        },
      });
      expect(await c.outbox('contract.ticket_closed', other)).toHaveLength(0);
      expect((await ticketRow(ticket.ticketId))!.status).toBe('closed');
    });

    it('emits once per ticket.closed event: a redelivered one changes nothing, a second closing is a second update', async () => {
      const contractId = await c.createContract(customer, { contractHours: 5 });
      const ticket = await c.openTicket(customer, contractId);
      const closed = await c.closeTicket(ticket, 2);
      await c.deliverAgain(closed);
      expect(await c.outbox('contract.ticket_closed', contractId)).toHaveLength(1);
      await c.closeTicket(ticket, 4);
      expect((await c.outbox('contract.ticket_closed', contractId)).map((event) => event.data.ticketMinutes)).toEqual([0, 0]);
    });

    it('emits nothing for a ticket without a contract', async () => {
      const ticket = await c.openTicket(customer);
      await c.closeTicket(ticket, 2);
      expect(await c.rows(`SELECT 1 FROM outbox WHERE event_type = 'contract.ticket_closed' AND payload->'data'->'ticket'->>'ticketId' = $1`, [ticket.ticketId])).toHaveLength(0);
    });
  });
});
