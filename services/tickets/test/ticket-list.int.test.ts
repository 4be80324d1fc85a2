import { randomUUID } from 'node:crypto';
import { ifMatch, staff, startTickets, type TicketsTestService } from './helpers';

describe('GET /api/tickets', () => {
  let t: TicketsTestService;
  const agent = staff();
  const assignee = randomUUID();
  let teamA: string;
  let teamB: string;
  let customerA: string;
  let customerB: string;
  /** Every ticket of this file, with what it was given. */
  const tickets: Array<{ id: string; customerId: string | null; teamId: string; assigneeId: string | null; status: string }> = [];

  beforeAll(async () => {
    t = await startTickets();
    customerA = await t.addCustomer();
    customerB = await t.addCustomer();
    teamA = await t.addTeam('all', [assignee]);
    teamB = await t.addTeam('all');
    const statuses = ['new', 'open', 'pending', 'resolved', 'closed'];
    for (let i = 0; i < 24; i++) {
      const customerId = [customerA, customerB, null][i % 3]!;
      const teamId = i % 2 === 0 ? teamA : teamB;
      const assigneeId = i % 4 === 0 ? assignee : null;
      const created = await t.call('POST', '/api/tickets', {
        as: agent,
        body: {
          subject: i === 7 ? 'Backup at 100% and still running' : `Ticket ${i} about the printer`,
          description: 'd',
          requesterEmail: 'dana@customer.example',
          ...(customerId ? { customerId } : {}),
          teamId,
          ...(assigneeId ? { assigneeId } : {}),
        },
      });
      expect(created.status).toBe(201);
      tickets.push({ id: created.body.id, customerId, teamId, assigneeId, status: 'new' });
    }
    // Changed in another order than created, so that the three sort keys give three different orders.
    for (const [i, ticket] of [...tickets.entries()].reverse()) {
      const status = statuses[i % statuses.length]!;
      if (status === 'new') continue;
      const response = await t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: agent, headers: ifMatch(1), body: { status } });
      expect(response.status).toBe(200);
      ticket.status = status;
    }
    // Ties on the sort key: paging must still neither skip nor repeat a row.
    await t.query("UPDATE tickets SET updated_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1::uuid[])", [tickets.slice(3, 9).map((x) => x.id)]);
    await t.query("UPDATE tickets SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1::uuid[])", [tickets.slice(10, 16).map((x) => x.id)]);
    for (const [i, body, visibility] of [
      [4, 'The toner was replaced.', 'public'],
      [5, 'Escalate to Hogwarts IT.', 'internal'],
    ] as const) {
      const { version } = (await t.call('GET', `/api/tickets/${tickets[i]!.id}`, { as: agent })).body;
      const note = await t.call('POST', `/api/tickets/${tickets[i]!.id}/notes`, { as: agent, headers: ifMatch(version), body: { body, visibility } });
      expect(note.status).toBe(201);
    }
  });
  afterAll(() => t?.stop());

  async function list(query: string, as = agent) {
    const response = await t.call('GET', `/api/tickets?${query}`, { as });
    expect(response.status).toBe(200);
    return response.body as { items: Array<Record<string, unknown> & { id: string }>; nextCursor: string | null };
  }

  async function listAll(query: string, limit: number, as = agent) {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, as);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  const ids = (predicate: (ticket: (typeof tickets)[number]) => boolean) => tickets.filter(predicate).map((x) => x.id).sort();

  describe('sorting and paging', () => {
    const columns = { updatedAt: 'updated_at', createdAt: 'created_at', number: 'number' } as const;
    it.each([
      ['updatedAt', 'desc'],
      ['updatedAt', 'asc'],
      ['createdAt', 'desc'],
      ['createdAt', 'asc'],
      ['number', 'desc'],
      ['number', 'asc'],
    ] as const)('pages through every ticket by %s %s, none skipped, none twice', async (sort, order) => {
      const expected = (await t.query<{ id: string }>(`SELECT id FROM tickets ORDER BY ${columns[sort]} ${order}, id ${order}`)).map((r) => r.id);
      expect(expected).toHaveLength(tickets.length);
      for (const limit of [1, 5, 7, 100]) expect(await listAll(`sort=${sort}&order=${order}`, limit)).toEqual(expected);
    });

    it('sorts by the most recent change first when asked nothing, 25 a page', async () => {
      const page = await list('');
      const expected = (await t.query<{ id: string }>('SELECT id FROM tickets ORDER BY updated_at DESC, id DESC LIMIT 25')).map((r) => r.id);
      expect(page.items.map((item) => item.id)).toEqual(expected.slice(0, 24));
      expect(page.nextCursor).toBeNull();
      // A row of the list is the ticket as GET shows it (GET adds its attachments, participants and notes).
      const { attachments, participants, notes, olderNotesCursor, ...shown } = (await t.call('GET', `/api/tickets/${page.items[0]!.id}`, { as: agent })).body;
      expect([attachments, participants, Array.isArray(notes), olderNotesCursor]).toEqual([[], [], true, null]);
      expect(page.items[0]).toEqual(shown);
    });

    it('refuses a cursor from another sort order', async () => {
      const { nextCursor } = await list('sort=number&limit=2');
      const response = await t.call('GET', `/api/tickets?sort=createdAt&cursor=${nextCursor}`, { as: agent });
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/cursor' }] } });
    });
  });

  describe('filters', () => {
    it('by one status, or several', async () => {
      expect((await listAll('status=open', 4)).sort()).toEqual(ids((x) => x.status === 'open'));
      expect((await listAll('status=open,closed', 4)).sort()).toEqual(ids((x) => ['open', 'closed'].includes(x.status)));
    });

    it('by customer, team and assignee, alone and together', async () => {
      expect((await listAll(`customerId=${customerA}`, 3)).sort()).toEqual(ids((x) => x.customerId === customerA));
      expect((await listAll(`teamId=${teamB}`, 3)).sort()).toEqual(ids((x) => x.teamId === teamB));
      expect((await listAll(`assigneeId=${assignee}`, 3)).sort()).toEqual(ids((x) => x.assigneeId === assignee));
      expect((await listAll(`customerId=${customerB}&teamId=${teamA}&status=pending,closed,resolved,open,new`, 2)).sort()).toEqual(
        ids((x) => x.customerId === customerB && x.teamId === teamA),
      );
      expect(await listAll(`customerId=${randomUUID()}`, 3)).toEqual([]);
    });

    it('by text in the subject or in any note, internal ones included for agents', async () => {
      expect((await listAll('q=printer', 5)).length).toBe(23);
      expect(await listAll('q=TONER WAS', 5)).toEqual([tickets[4]!.id]);
      expect(await listAll('q=hogwarts', 5)).toEqual([tickets[5]!.id]);
      expect(await listAll('q=nothing like this', 5)).toEqual([]);
    });

    it('takes % and _ in the text literally', async () => {
      expect(await listAll('q=100%25', 5)).toEqual([tickets[7]!.id]);
      expect(await listAll('q=%25', 5)).toEqual([tickets[7]!.id]);
      expect(await listAll('q=_', 5)).toEqual([]);
    });
  });

  describe('customer access', () => {
    it('shows an agent limited to some customers only their tickets, whatever the filter', async () => {
      const limited = await t.agentOf([customerA]);
      expect((await listAll('', 4, limited)).sort()).toEqual(ids((x) => x.customerId === customerA));
      expect(await listAll(`customerId=${customerB}`, 4, limited)).toEqual([]);
      expect((await listAll('q=printer&sort=number&order=asc', 4, limited)).sort()).toEqual(ids((x) => x.customerId === customerA));
      expect(await listAll('', 4, { ...staff(), role: 'agent' })).toEqual([]);
      const both = { ...limited, teamIds: [...limited.teamIds, await t.addTeam([customerB])] };
      expect((await listAll('', 4, both)).sort()).toEqual(ids((x) => x.customerId !== null));
    });
  });
});
