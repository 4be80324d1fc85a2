import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { waitFor } from '@helpdesk/testing';
import { ifMatch, staff, startTickets, type TicketsTestService } from './helpers';

describe('two agents change the same ticket at once', () => {
  let t: TicketsTestService;
  const first = staff();
  const second = staff();

  beforeAll(async () => {
    t = await startTickets();
  });
  afterAll(() => t?.stop());

  async function newTicket() {
    const response = await t.call('POST', '/api/tickets', { as: first, body: { subject: 'Shared drive is full', description: 'd', requesterEmail: 'dana@customer.example' } });
    return response.body as { id: string; version: number };
  }

  it.each(Array.from({ length: 8 }, (_, round) => [round + 1]))(
    'round %i: with the same version, one change is applied and the other gets 409; nothing is lost',
    async () => {
      const ticket = await newTicket();
      const [a, b] = await Promise.all([
        t.call('PATCH', `/api/tickets/${ticket.id}`, { as: first, headers: ifMatch(1), body: { subject: 'Drive cleaned up by first', priority: 'high' } }),
        t.call('PATCH', `/api/tickets/${ticket.id}`, { as: second, headers: ifMatch(1), body: { subject: 'Drive extended by second', priority: 'low' } }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      const winnerAgent = a.status === 200 ? first : second;
      expect(loser.headers.get('etag')).toBe('"2"');
      expect(loser.headers.get('content-type')).toContain('application/problem+json');

      const stored = (await t.call('GET', `/api/tickets/${ticket.id}`, { as: first })).body;
      expect(stored).toEqual({ ...winner.body, attachments: [], participants: [], notes: [], olderNotesCursor: null });
      expect(stored.version).toBe(2);
      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: first })).body.items.slice(1);
      expect(history.map((e: Record<string, unknown>) => [e.field, e.to, (e.actor as { id: string }).id])).toEqual([
        ['subject', winner.body.subject, winnerAgent.userId],
        ['priority', winner.body.priority, winnerAgent.userId],
      ]);
      expect(await t.recorded('ticket.updated', ticket.id)).toHaveLength(1);

      // The loser reloads and applies their change on top: both survive.
      const retried = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: second, headers: ifMatch(2), body: { teamId: await t.addTeam('all') } });
      expect(retried.body).toMatchObject({ subject: winner.body.subject, priority: winner.body.priority, version: 3 });
    },
  );

  it('lets the conditional UPDATE decide when both agents read the same version before either wrote', async () => {
    const ticket = await newTicket();
    // Hold the row so that both requests read version 1 and then queue on the UPDATE.
    const blocker = new pg.Client({ connectionString: t.service.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [ticket.id]);
      const requests = Promise.all([
        t.call('PATCH', `/api/tickets/${ticket.id}`, { as: first, headers: ifMatch(1), body: { priority: 'high' } }),
        t.call('PATCH', `/api/tickets/${ticket.id}`, { as: second, headers: ifMatch(1), body: { priority: 'low' } }),
      ]);
      await waitFor(
        async () => {
          // From another session: pg_stat_activity is read once per transaction.
          const waiting = await t.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          return waiting[0]!.n === 2;
        },
        { what: 'both updates to wait for the row' },
      );
      await blocker.query('COMMIT');
      const results = await requests;
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.detail).toContain('you sent version 1, it is now at version 2');
      expect(results.find((r) => r.status === 409)!.body.type).toMatch(/\/stale-version$/);
      expect(await t.recorded('ticket.updated', ticket.id)).toHaveLength(1);
    } finally {
      await blocker.end();
    }
  });

  it('serialises different kinds of change too: a status change, an assignment and a note on the same version', async () => {
    const ticket = await newTicket();
    const results = await Promise.all([
      t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: first, headers: ifMatch(1), body: { status: 'open' } }),
      t.call('PUT', `/api/tickets/${ticket.id}/assignment`, { as: second, headers: ifMatch(1), body: { assigneeId: second.userId } }),
      t.call('POST', `/api/tickets/${ticket.id}/notes`, { as: second, headers: ifMatch(1), body: { body: 'On it.', visibility: 'internal' } }),
    ]);
    expect(results.map((r) => r.status).filter((s) => s < 300)).toHaveLength(1);
    expect(results.map((r) => r.status).filter((s) => s === 409)).toHaveLength(2);
    const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: first })).body.items;
    expect(history).toHaveLength(2);
    const notes = await t.query('SELECT id FROM ticket_notes WHERE ticket_id = $1', [ticket.id]);
    expect(notes).toHaveLength(results[2]!.status === 201 ? 1 : 0);
    const outbox = await t.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE event_type <> 'ticket.created' AND payload->'data'->>'ticketId' = $1", [ticket.id]);
    expect(outbox[0]!.n).toBe(1);
  });

  it('lets many agents race on one ticket: every applied change is one version, one history line, one event', async () => {
    const ticket = await newTicket();
    const agents = Array.from({ length: 6 }, () => staff());
    let version = 1;
    let applied = 0;
    // Each agent keeps trying with the version they last saw, as a client reloading after a 409 would.
    await Promise.all(
      agents.map(async (agent, i) => {
        for (;;) {
          const seen = version;
          const response = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(seen), body: { description: `Written by agent ${i}` } });
          if (response.status === 200) {
            applied++;
            version = Math.max(version, response.body.version);
            return;
          }
          expect(response.status).toBe(409);
          version = Math.max(version, Number(response.headers.get('etag')!.replace(/"/g, '')));
        }
      }),
    );
    const stored = (await t.call('GET', `/api/tickets/${ticket.id}`, { as: first })).body;
    expect(applied).toBe(agents.length);
    expect(stored.version).toBe(1 + agents.length);
    const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: first })).body.items.slice(1);
    expect(history).toHaveLength(agents.length);
    // Each line's "from" is the previous line's "to": no change was made on top of a state that did not exist.
    for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
    expect(history.at(-1).to).toBe(stored.description);
    expect(await t.recorded('ticket.updated', ticket.id)).toHaveLength(agents.length);
    // Each event carries the version its change made, so a consumer can order them whatever order they arrive in.
    const events = await t.query<{ payload: { aggregate: { type: string; id: string; version: number }; data: { changes: Array<{ to: string }> } } }>(
      "SELECT payload FROM outbox WHERE event_type = 'ticket.updated' AND payload->'data'->>'ticketId' = $1",
      [ticket.id],
    );
    const byVersion = events.map((e) => e.payload).sort((a, b) => a.aggregate.version - b.aggregate.version);
    expect(byVersion.map((e) => e.aggregate)).toEqual(agents.map((_, i) => ({ type: 'ticket', id: ticket.id, version: 2 + i })));
    expect(byVersion.at(-1)!.data.changes[0]!.to).toBe(stored.description);
  });
});
