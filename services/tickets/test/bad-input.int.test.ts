import { randomUUID } from 'node:crypto';
import type { Principal } from '@helpdesk/http';
import { ifMatch, portalUser, staff, startTickets, type TicketsTestService } from './helpers';

/** Every route refuses bad input with a 4xx problem, and the database is exactly as before. */
describe('bad input on every route', () => {
  let t: TicketsTestService;
  const agent = staff();
  let ticketId: string;
  let contact: Principal;

  beforeAll(async () => {
    t = await startTickets();
    const customerId = await t.addCustomer();
    const added = await t.addContact(customerId);
    contact = portalUser(added);
    const created = await t.call('POST', '/api/portal/tickets', { as: contact, body: { subject: 'Printer', description: 'Offline.' } });
    expect(created.status).toBe(201);
    ticketId = created.body.id;
  });
  afterAll(() => t?.stop());

  /** Everything the service stores, row by row. */
  async function everything() {
    return Promise.all(
      ['tickets', 'ticket_notes', 'ticket_history', 'customers', 'contacts'].map((table) => t.query(`SELECT * FROM ${table} ORDER BY 1`)),
    ).then(async (tables) => [...tables, await t.query('SELECT event_id, event_type FROM outbox ORDER BY id')]);
  }

  type Case = [name: string, method: string, path: () => string, options: () => { as?: Principal; body?: unknown; headers?: Record<string, string> }, status: number];
  const ticket = () => `/api/tickets/${ticketId}`;
  const portalTicket = () => `/api/portal/tickets/${ticketId}`;
  const v1 = ifMatch(1);
  const long = 'x'.repeat(20_001);

  const cases: Case[] = [
    // POST /api/tickets
    ['create: malformed JSON', 'POST', () => '/api/tickets', () => ({ as: agent, body: '{"subject":' }), 400],
    ['create: an array', 'POST', () => '/api/tickets', () => ({ as: agent, body: [] }), 400],
    ['create: a NUL character', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 'a\u0000b', description: 'd', requesterEmail: 'a@b.example' } }), 400],
    ['portal create: a NUL character', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: { subject: 'a\u0000b', description: 'd' } }), 400],
    ['create: no subject', 'POST', () => '/api/tickets', () => ({ as: agent, body: { description: 'd', requesterEmail: 'a@b.example' } }), 400],
    ['create: blank description', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: ' ', requesterEmail: 'a@b.example' } }), 400],
    ['create: unknown priority', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', requesterEmail: 'a@b.example', priority: 'asap' } }), 400],
    ['create: a status', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', requesterEmail: 'a@b.example', status: 'closed' } }), 400],
    ['create: customer id not a uuid', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', requesterEmail: 'a@b.example', customerId: '42' } }), 400],
    ['create: contact without customer', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', contactId: randomUUID() } }), 400],
    ['create: contact and new contact', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', customerId: randomUUID(), contactId: randomUUID(), newContact: { firstName: 'a', lastName: 'b', email: 'c@d.example' } } }), 400],
    ['create: new contact without email', 'POST', () => '/api/tickets', () => ({ as: agent, body: { subject: 's', description: 'd', customerId: randomUUID(), newContact: { firstName: 'a', lastName: 'b' } } }), 400],
    ['create: by a portal contact', 'POST', () => '/api/tickets', () => ({ as: contact, body: { subject: 's', description: 'd', requesterEmail: 'a@b.example' } }), 403],
    ['create: without the gateway', 'POST', () => '/api/tickets', () => ({ body: { subject: 's', description: 'd', requesterEmail: 'a@b.example' } }), 401],
    // The gateway vouches for users only: a service principal in its assertion is refused as a whole.
    ['create: by another service', 'POST', () => '/api/tickets', () => ({ as: { kind: 'service', service: 'mail-ingest' }, body: { subject: 's', description: 'd', requesterEmail: 'a@b.example' } }), 401],
    // GET /api/tickets
    ...(
      [
        'status=done',
        'status=open,,closed',
        'status=open&status=closed',
        'limit=0',
        'limit=101',
        'limit=many',
        'sort=priority',
        'order=up',
        'cursor=garbage',
        // A leap second passes a date-time check but is no Date; a number beyond PostgreSQL's integer.
        `cursor=${Buffer.from(JSON.stringify(['updatedAt', 'desc', '2016-12-31T23:59:60Z', randomUUID()])).toString('base64url')}`,
        `sort=number&cursor=${Buffer.from(JSON.stringify(['number', 'desc', 1e300, randomUUID()])).toString('base64url')}`,
        'q=a%00b',
        'customerId=acme',
        'teamId=1',
        'q=',
        `q=${'x'.repeat(201)}`,
        'page=2',
      ] as const
    ).map((query): Case => [`list: ${query.slice(0, 30)}`, 'GET', () => `/api/tickets?${query}`, () => ({ as: agent }), 400]),
    ['list: by a portal contact', 'GET', () => '/api/tickets', () => ({ as: contact }), 403],
    // GET /api/tickets/:id and its history
    ['get: id not a uuid', 'GET', () => '/api/tickets/42', () => ({ as: agent }), 400],
    ['get: unknown id', 'GET', () => `/api/tickets/${randomUUID()}`, () => ({ as: agent }), 404],
    ['get: by a portal contact', 'GET', ticket, () => ({ as: contact }), 403],
    ['history: id not a uuid', 'GET', () => '/api/tickets/42/history', () => ({ as: agent }), 400],
    ['history: unknown id', 'GET', () => `/api/tickets/${randomUUID()}/history`, () => ({ as: agent }), 404],
    ['history: by a portal contact', 'GET', () => `${ticket()}/history`, () => ({ as: contact }), 403],
    // PATCH /api/tickets/:id
    ['edit: no If-Match', 'PATCH', ticket, () => ({ as: agent, body: { priority: 'high' } }), 400],
    ['edit: If-Match not a version', 'PATCH', ticket, () => ({ as: agent, body: { priority: 'high' }, headers: { 'if-match': '"abc"' } }), 400],
    ['edit: If-Match *', 'PATCH', ticket, () => ({ as: agent, body: { priority: 'high' }, headers: { 'if-match': '*' } }), 400],
    ['edit: stale version', 'PATCH', ticket, () => ({ as: agent, body: { priority: 'high' }, headers: ifMatch(7) }), 409],
    ['edit: nothing to change', 'PATCH', ticket, () => ({ as: agent, body: {}, headers: v1 }), 400],
    ['edit: subject null', 'PATCH', ticket, () => ({ as: agent, body: { subject: null }, headers: v1 }), 400],
    ['edit: subject too long', 'PATCH', ticket, () => ({ as: agent, body: { subject: 'x'.repeat(251) }, headers: v1 }), 400],
    ['edit: unknown priority', 'PATCH', ticket, () => ({ as: agent, body: { priority: 'asap' }, headers: v1 }), 400],
    ['edit: status through edit', 'PATCH', ticket, () => ({ as: agent, body: { status: 'closed' }, headers: v1 }), 400],
    ['edit: assignee through edit', 'PATCH', ticket, () => ({ as: agent, body: { assigneeId: randomUUID() }, headers: v1 }), 400],
    ['edit: team not a uuid', 'PATCH', ticket, () => ({ as: agent, body: { teamId: 'blue' }, headers: v1 }), 400],
    ['edit: id not a uuid', 'PATCH', () => '/api/tickets/42', () => ({ as: agent, body: { priority: 'high' }, headers: v1 }), 400],
    ['edit: unknown id', 'PATCH', () => `/api/tickets/${randomUUID()}`, () => ({ as: agent, body: { priority: 'high' }, headers: v1 }), 404],
    ['edit: outside customer access', 'PATCH', ticket, () => ({ as: { ...agent, role: 'agent' }, body: { priority: 'high' }, headers: v1 }), 404],
    ['edit: by a portal contact', 'PATCH', ticket, () => ({ as: contact, body: { priority: 'high' }, headers: v1 }), 403],
    // PUT /api/tickets/:id/assignment
    ['assign: nothing', 'PUT', () => `${ticket()}/assignment`, () => ({ as: agent, body: {}, headers: v1 }), 400],
    ['assign: assignee not a uuid', 'PUT', () => `${ticket()}/assignment`, () => ({ as: agent, body: { assigneeId: 'me' }, headers: v1 }), 400],
    ['assign: a subject', 'PUT', () => `${ticket()}/assignment`, () => ({ as: agent, body: { teamId: null, subject: 's' }, headers: v1 }), 400],
    ['assign: no If-Match', 'PUT', () => `${ticket()}/assignment`, () => ({ as: agent, body: { teamId: null } }), 400],
    // PUT /api/tickets/:id/status
    ['status: unknown status', 'PUT', () => `${ticket()}/status`, () => ({ as: agent, body: { status: 'done' }, headers: v1 }), 400],
    ['status: none', 'PUT', () => `${ticket()}/status`, () => ({ as: agent, body: {}, headers: v1 }), 400],
    ['status: back to new', 'PUT', () => `${ticket()}/status`, () => ({ as: agent, body: { status: 'new' }, headers: v1 }), 409],
    ['status: stale version', 'PUT', () => `${ticket()}/status`, () => ({ as: agent, body: { status: 'open' }, headers: ifMatch(0) }), 409],
    // POST /api/tickets/:id/notes
    ['note: no visibility', 'POST', () => `${ticket()}/notes`, () => ({ as: agent, body: { body: 'b' }, headers: v1 }), 400],
    ['note: unknown visibility', 'POST', () => `${ticket()}/notes`, () => ({ as: agent, body: { body: 'b', visibility: 'secret' }, headers: v1 }), 400],
    ['note: blank body', 'POST', () => `${ticket()}/notes`, () => ({ as: agent, body: { body: '\n ', visibility: 'public' }, headers: v1 }), 400],
    ['note: body too long', 'POST', () => `${ticket()}/notes`, () => ({ as: agent, body: { body: long, visibility: 'public' }, headers: v1 }), 400],
    ['note: no If-Match', 'POST', () => `${ticket()}/notes`, () => ({ as: agent, body: { body: 'b', visibility: 'public' } }), 400],
    ['note: unknown ticket', 'POST', () => `/api/tickets/${randomUUID()}/notes`, () => ({ as: agent, body: { body: 'b', visibility: 'public' }, headers: v1 }), 404],
    // GET /api/portal/tickets
    ...(['status=done', 'limit=0', 'cursor=garbage', 'sort=number', 'customerId=' + randomUUID(), 'q='] as const).map(
      (query): Case => [`portal list: ${query.slice(0, 30)}`, 'GET', () => `/api/portal/tickets?${query}`, () => ({ as: contact }), 400],
    ),
    ['portal list: by staff', 'GET', () => '/api/portal/tickets', () => ({ as: agent }), 403],
    ['portal list: without the gateway', 'GET', () => '/api/portal/tickets', () => ({}), 401],
    // POST /api/portal/tickets
    ['portal create: no description', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: { subject: 's' } }), 400],
    ['portal create: a customer', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: { subject: 's', description: 'd', customerId: randomUUID() } }), 400],
    ['portal create: a requester', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: { subject: 's', description: 'd', requesterEmail: 'x@y.example' } }), 400],
    ['portal create: intake account not a uuid', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: { subject: 's', description: 'd', emailAccountId: 'inbox' } }), 400],
    ['portal create: malformed JSON', 'POST', () => '/api/portal/tickets', () => ({ as: contact, body: '{' }), 400],
    ['portal create: by staff', 'POST', () => '/api/portal/tickets', () => ({ as: agent, body: { subject: 's', description: 'd' } }), 403],
    // GET /api/portal/tickets/:id
    ['portal get: id not a uuid', 'GET', () => '/api/portal/tickets/42', () => ({ as: contact }), 400],
    ['portal get: unknown id', 'GET', () => `/api/portal/tickets/${randomUUID()}`, () => ({ as: contact }), 404],
    ['portal get: by staff', 'GET', portalTicket, () => ({ as: agent }), 403],
    // POST /api/portal/tickets/:id/notes
    ['portal note: nothing', 'POST', () => `${portalTicket()}/notes`, () => ({ as: contact, body: {} }), 400],
    ['portal note: blank', 'POST', () => `${portalTicket()}/notes`, () => ({ as: contact, body: { body: '  ' } }), 400],
    ['portal note: internal', 'POST', () => `${portalTicket()}/notes`, () => ({ as: contact, body: { body: 'b', visibility: 'internal' } }), 400],
    ['portal note: too long', 'POST', () => `${portalTicket()}/notes`, () => ({ as: contact, body: { body: long } }), 400],
    ['portal note: id not a uuid', 'POST', () => '/api/portal/tickets/42/notes', () => ({ as: contact, body: { body: 'b' } }), 400],
    ['portal note: unknown ticket', 'POST', () => `/api/portal/tickets/${randomUUID()}/notes`, () => ({ as: contact, body: { body: 'b' } }), 404],
    ['portal note: by staff', 'POST', () => `${portalTicket()}/notes`, () => ({ as: agent, body: { body: 'b' } }), 403],
  ];

  it.each(cases)('%s: %s answers a problem and changes nothing', async (_name, method, path, options, status) => {
    const before = await everything();
    const response = await t.call(method, path(), options());
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    if (status === 400 && !['create: malformed JSON', 'portal create: malformed JSON'].includes(_name)) {
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: expect.stringMatching(/^\//) })]));
    }
    expect(await everything()).toEqual(before);
  });
});
