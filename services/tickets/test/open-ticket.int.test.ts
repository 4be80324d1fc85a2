import { randomUUID } from 'node:crypto';
import type { Envelope } from '@helpdesk/contracts-schema';
import { createdEntry } from '../src/domain/history';
import { openTicket } from '../src/domain/open-ticket';
import { staffActor } from '../src/domain/ticket';
import { openDatabase, type TicketsDatabase } from '../src/persistence/client';
import { insertTicket } from '../src/persistence/ticket.repository';
import { waitFor } from '@helpdesk/testing';
import { staff, startTickets, type TicketsTestService } from './helpers';

/** A ticket, the first line of its history and ticket.created are stored by one statement, all or nothing. */
describe('opening a ticket', () => {
  let t: TicketsTestService;
  let db: TicketsDatabase;
  const agent = staff();
  const input = {
    subject: ' Printer offline ',
    description: 'Error 41.',
    priority: 'high',
    requesterEmail: 'Dana@Customer.example',
    customerId: null,
    contactId: null,
    locationId: null,
    areaId: null,
    teamId: null,
    assigneeId: null,
    emailAccountId: null,
    contractId: null,
    // The caller's clock, read once for the contract check and the row (create-ticket.ts).
    createdAt: new Date(),
  };

  beforeAll(async () => {
    // A poll far longer than any wait below: an event that goes out did so because the statement woke the relay.
    t = await startTickets({ env: { OUTBOX_POLL_MS: '60000' } });
    db = openDatabase(t.service.databaseUrl);
  });
  afterAll(async () => {
    await db?.disconnect();
    await t?.stop();
  });

  const count = async (table: string) => Number((await t.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  it("writes the sequence's number into the event, which is about version 1 of the ticket, with its first history line", async () => {
    const ticket = await openTicket(db, input, staffActor(agent));
    expect(ticket).toMatchObject({ subject: 'Printer offline', requesterEmail: 'dana@customer.example', status: 'new', priority: 'high', version: 1 });
    expect(ticket.createdAt).toBeInstanceOf(Date);
    expect(ticket.updatedAt).toEqual(ticket.createdAt);

    const [stored] = await t.query<{ number: number }>('SELECT number FROM tickets WHERE id = $1', [ticket.id]);
    expect(stored!.number).toBe(ticket.number);
    const [outbox] = await t.query<{ payload: Envelope<unknown> }>("SELECT payload FROM outbox WHERE payload->'aggregate'->>'id' = $1", [ticket.id]);
    expect(outbox!.payload).toMatchObject({
      type: 'ticket.created',
      aggregate: { type: 'ticket', id: ticket.id, version: 1 },
      data: { ticketId: ticket.id, number: ticket.number, priority: 'high', createdAt: ticket.createdAt.toISOString(), createdBy: { kind: 'staff', id: agent.userId } },
    });
    expect(await t.query('SELECT kind, visibility, actor_kind, actor_id, at FROM ticket_history WHERE ticket_id = $1', [ticket.id])).toEqual([
      { kind: 'created', visibility: 'public', actor_kind: 'staff', actor_id: agent.userId, at: ticket.createdAt },
    ]);
  });

  it('wakes the relay of its own process, so a ticket created over HTTP is published at once, not at the next poll', async () => {
    const created = await t.call('POST', '/api/tickets', { as: agent, body: { subject: 'Published at once', description: 'd', requesterEmail: 'now@customer.example' } });
    expect(created.status).toBe(201);
    await waitFor(
      async () => (await t.query<{ published: boolean }>("SELECT published_at IS NOT NULL AS published FROM outbox WHERE payload->'aggregate'->>'id' = $1", [created.body.id]))[0]?.published,
      { what: 'ticket.created published without waiting for the poll', timeoutMs: 20_000 },
    );
  });

  it('stores neither the ticket nor its history line when the outbox row cannot be written', async () => {
    const first = await openTicket(db, input, staffActor(agent));
    const [taken] = await t.query<{ payload: Envelope<unknown> }>("SELECT payload FROM outbox WHERE payload->'aggregate'->>'id' = $1", [first.id]);
    const before = await Promise.all(['tickets', 'ticket_history', 'outbox'].map(count));
    // An event id already in the outbox: the last part of the statement fails on its unique key.
    const row = { ...input, id: randomUUID(), status: 'new', createdByKind: 'staff', createdById: agent.userId, createdAt: new Date() };
    await expect(insertTicket(db.pool, row, createdEntry, taken!.payload)).rejects.toMatchObject({ code: '23505' });
    expect(await Promise.all(['tickets', 'ticket_history', 'outbox'].map(count))).toEqual(before);
    expect(await t.query('SELECT 1 FROM tickets WHERE id = $1', [row.id])).toEqual([]);
  });
});
