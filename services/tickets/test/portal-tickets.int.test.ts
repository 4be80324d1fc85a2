import { randomUUID } from 'node:crypto';
import { contactCustomerChangedV1, contactDeactivatedV1, customerUpdatedV1 } from '@helpdesk/contracts-schema';
import { ifMatch, portalUser, staff, startTickets, type TicketsTestService } from './helpers';

describe('tickets in the customer portal', () => {
  let t: TicketsTestService;
  const agent = staff();

  beforeAll(async () => {
    t = await startTickets();
  });
  afterAll(() => t?.stop());

  async function setVisibility(customerId: string, portalTicketVisibility: 'own' | 'customer') {
    const [current] = await t.query<{ version: number }>('SELECT version FROM customers WHERE id = $1', [customerId]);
    const aggregate = { id: customerId, version: current!.version + 1 };
    await t.projected('customers', await t.publish(customerUpdatedV1, aggregate, { customerId, name: 'Emma Watson Ltd', portalTicketVisibility, groupId: null }));
  }

  async function portalTicket(contact: { contactId: string; customerId: string }, subject = 'Cannot log in') {
    const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject, description: 'Since this morning.' } });
    expect(response.status).toBe(201);
    return response.body;
  }

  async function version(ticketId: string): Promise<number> {
    return (await t.call('GET', `/api/tickets/${ticketId}`, { as: agent })).body.version;
  }

  describe('POST /api/portal/tickets', () => {
    it("opens a ticket for the caller's customer and contact, with the contact's email as the requester", async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      const response = await t.call('POST', '/api/portal/tickets', {
        as: portalUser(contact),
        body: { subject: 'Cannot log in', description: 'Since this morning.' },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe(`/api/portal/tickets/${response.body.id}`);
      expect(Object.keys(response.body).sort()).toEqual(
        ['areaId', 'contactId', 'createdAt', 'description', 'id', 'locationId', 'number', 'priority', 'status', 'subject', 'timeSpentMinutes', 'updatedAt'].sort(),
      );
      const stored = (await t.call('GET', `/api/tickets/${response.body.id}`, { as: agent })).body;
      expect(stored).toMatchObject({
        customerId,
        contactId: contact.contactId,
        requesterEmail: contact.email,
        emailAccountId: null,
        status: 'new',
        priority: 'normal',
        createdBy: { kind: 'contact', id: contact.contactId },
      });
      expect(await t.recorded('ticket.created', response.body.id)).toEqual([
        expect.objectContaining({
          requesterEmail: contact.email,
          customerId,
          contactId: contact.contactId,
          createdBy: { kind: 'contact', id: contact.contactId },
          channel: 'portal',
          customerName: 'Emma Watson Ltd',
          contactFirstName: 'Harry',
          contactLastName: 'Porter',
          replyMailbox: null,
        }),
      ]);
    });

    it('refuses an intake email account it does not know, naming the field', async () => {
      const contact = await t.addContact(await t.addCustomer());
      const before = await t.query('SELECT count(*)::int AS n FROM tickets');
      const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 's', description: 'd', emailAccountId: randomUUID() } });
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/emailAccountId', message: expect.stringMatching(/is not an email account offered to the ticket's customer/) }] } });
      expect(await t.query('SELECT count(*)::int AS n FROM tickets')).toEqual(before);
    });

    it('takes customer and contact from the caller only: the body cannot name them', async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      for (const extra of [{ customerId: randomUUID() }, { contactId: randomUUID() }, { priority: 'urgent' }]) {
        const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 's', description: 'd', ...extra } });
        expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: `/${Object.keys(extra)[0]}`, message: 'is not an allowed field' }] } });
      }
    });

    it('asks a contact whose account the tickets service does not know yet to try again, storing nothing', async () => {
      const customerId = await t.addCustomer();
      const before = await t.query('SELECT count(*)::int AS n FROM tickets');
      const unknown = { contactId: randomUUID(), customerId };
      const response = await t.call('POST', '/api/portal/tickets', { as: portalUser(unknown), body: { subject: 's', description: 'd' } });
      expect(response).toMatchObject({ status: 409, body: { detail: 'Your account is still being set up; try again in a moment.' } });
      // Known, but as a contact of another customer: the projection has not caught up with a move.
      const elsewhere = await t.addContact(await t.addCustomer());
      expect((await t.call('POST', '/api/portal/tickets', { as: portalUser({ ...elsewhere, customerId }), body: { subject: 's', description: 'd' } })).status).toBe(409);
      expect(await t.query('SELECT count(*)::int AS n FROM tickets')).toEqual(before);
    });
  });

  describe('GET /api/portal/tickets', () => {
    it("shows a contact their own tickets by default, and every ticket of their customer once it chooses so; never another customer's", async () => {
      const customerId = await t.addCustomer();
      const harry = await t.addContact(customerId, 'Harry');
      const hermione = await t.addContact(customerId, 'Hermione');
      const own = await portalTicket(harry, 'Harry one');
      const colleagues = await portalTicket(hermione, 'Hermione one');
      const agentsForCustomer = (await t.call('POST', '/api/tickets', { as: agent, body: { subject: 'Opened by an agent', description: 'd', requesterEmail: 'boss@customer.example', customerId } })).body;
      const other = await t.addContact(await t.addCustomer());
      await portalTicket(other, 'Someone else');

      const listed = async () => (await t.call('GET', '/api/portal/tickets', { as: portalUser(harry) })).body.items.map((x: { id: string }) => x.id);
      expect(await listed()).toEqual([own.id]);
      expect((await t.call('GET', `/api/portal/tickets/${colleagues.id}`, { as: portalUser(harry) })).status).toBe(404);

      await setVisibility(customerId, 'customer');
      expect(await listed()).toEqual([agentsForCustomer.id, colleagues.id, own.id]);
      expect((await t.call('GET', `/api/portal/tickets/${colleagues.id}`, { as: portalUser(harry) })).status).toBe(200);

      await setVisibility(customerId, 'own');
      expect(await listed()).toEqual([own.id]);
    });

    it('filters by status and by text in the subject or a public note, and pages without gaps or repeats', async () => {
      const customerId = await t.addCustomer('customer');
      const contact = await t.addContact(customerId);
      const made = [];
      for (let i = 0; i < 7; i++) made.push(await portalTicket(contact, i === 2 ? 'Scanner jams' : `Printer ${i}`));
      const pending = made[3]!;
      await t.call('PUT', `/api/tickets/${pending.id}/status`, { as: agent, headers: ifMatch(1), body: { status: 'pending' } });
      await t.call('POST', `/api/tickets/${made[5]!.id}/notes`, { as: agent, headers: ifMatch(1), body: { body: 'Firmware updated.', visibility: 'public' } });
      await t.call('POST', `/api/tickets/${made[6]!.id}/notes`, { as: agent, headers: ifMatch(1), body: { body: 'Firmware is a mess here.', visibility: 'internal' } });
      const as = portalUser(contact);

      const ids = async (query: string) => (await t.call('GET', `/api/portal/tickets?${query}`, { as })).body.items.map((x: { id: string }) => x.id);
      expect(await ids('status=pending')).toEqual([pending.id]);
      expect((await ids('status=new,pending')).length).toBe(7);
      expect(await ids('q=scanner')).toEqual([made[2]!.id]);
      expect(await ids('q=firmware')).toEqual([made[5]!.id]);

      const expected = (await t.query<{ id: string }>('SELECT id FROM tickets WHERE customer_id = $1 ORDER BY updated_at DESC, id DESC', [customerId])).map((r) => r.id);
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Array<{ id: string }>; nextCursor: string | null } = (
            await t.call('GET', `/api/portal/tickets?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { as })
          ).body;
          seen.push(...page.items.map((x) => x.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(expected);
      }
    });
  });

  describe('GET /api/portal/tickets/:id', () => {
    it('shows the ticket with its public notes and a history without internal notes, assignments or team changes', async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      const ticket = await portalTicket(contact);
      const assigneeId = randomUUID();
      const steps: Array<[string, string, unknown]> = [
        ['PUT', 'assignment', { assigneeId, teamId: await t.addTeam([customerId], [assigneeId]) }],
        ['PATCH', '', { priority: 'high', teamId: await t.addTeam('all') }],
        ['POST', 'notes', { body: 'We are looking into it.', visibility: 'public' }],
        ['POST', 'notes', { body: 'Their admin reset the password wrongly.', visibility: 'internal' }],
        ['PUT', 'status', { status: 'open' }],
      ];
      for (const [i, [method, path, body]] of steps.entries()) {
        const response = await t.call(method, `/api/tickets/${ticket.id}${path ? `/${path}` : ''}`, { as: agent, headers: ifMatch(i + 1), body });
        expect(response.status).toBeLessThan(300);
      }
      const detail = await t.call('GET', `/api/portal/tickets/${ticket.id}`, { as: portalUser(contact) });
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: ticket.id, status: 'open', priority: 'high' });
      expect(detail.body.notes).toEqual([{ id: expect.any(String), body: 'We are looking into it.', bodyHtml: null, author: { kind: 'staff' }, createdAt: expect.any(String), attachments: [] }]);
      expect(detail.body.history.map((e: Record<string, unknown>) => [e.kind, e.field ?? null])).toEqual([
        ['created', null],
        ['field_changed', 'priority'],
        ['note_added', null],
        ['status_changed', 'status'],
      ]);
      expect(detail.body.history[0].actor).toEqual({ kind: 'contact', id: contact.contactId });
      expect(detail.body.history[1].actor).toEqual({ kind: 'staff' });
      expect(detail.text).not.toContain(agent.userId);
      expect(detail.text).not.toContain('wrongly');
      for (const key of ['teamId', 'assigneeId', 'version', 'requesterEmail', 'contractId', 'emailAccountId']) expect(detail.body).not.toHaveProperty(key);
    });
  });

  describe('POST /api/portal/tickets/:id/notes', () => {
    it('adds a public note that agents see at once in the history; an agent holding the old version must reload', async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      const ticket = await portalTicket(contact);
      const note = await t.call('POST', `/api/portal/tickets/${ticket.id}/notes`, { as: portalUser(contact), body: { body: 'Still broken after the restart.' } });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ body: 'Still broken after the restart.', author: { kind: 'contact', id: contact.contactId } });

      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items;
      expect(history.at(-1)).toMatchObject({
        kind: 'note_added',
        visibility: 'public',
        actor: { kind: 'contact', id: contact.contactId },
        note: { id: note.body.id, visibility: 'public', body: 'Still broken after the restart.' },
      });
      expect(await t.recorded('ticket.note_added', ticket.id)).toEqual([
        expect.objectContaining({
          noteId: note.body.id,
          visibility: 'public',
          body: 'Still broken after the restart.',
          actor: { kind: 'contact', id: contact.contactId },
          // A contact's name is known here: the notifier can say who wrote.
          actorName: 'Harry Porter',
          ticket: expect.objectContaining({ channel: 'portal', status: 'new', contactFirstName: 'Harry', customerName: 'Emma Watson Ltd' }),
        }),
      ]);
      const stale = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(1), body: { priority: 'high' } });
      expect(stale).toMatchObject({ status: 409 });
      expect(stale.headers.get('etag')).toBe('"2"');
    });
  });

  describe('a contact who moved to another customer', () => {
    it("sees none of the old customer's tickets; those tickets keep them as their contact", async () => {
      const oldCustomer = await t.addCustomer();
      const newCustomer = await t.addCustomer();
      const contact = await t.addContact(oldCustomer);
      const old = await portalTicket(contact, 'Before the move');
      const moved = await t.publish(
        contactCustomerChangedV1,
        { id: contact.contactId, version: 2 },
        { contactId: contact.contactId, fromCustomerId: oldCustomer, toCustomerId: newCustomer },
      );
      await t.projected('contacts', moved);

      // The gateway refuses their old token; a new invitation gives them a token for the new customer.
      const now = portalUser({ contactId: contact.contactId, customerId: newCustomer });
      expect((await t.call('GET', '/api/portal/tickets', { as: now })).body.items).toEqual([]);
      expect((await t.call('GET', `/api/portal/tickets/${old.id}`, { as: now })).status).toBe(404);
      expect((await t.call('POST', `/api/portal/tickets/${old.id}/notes`, { as: now, body: { body: 'hello?' } })).status).toBe(404);
      const fresh = await portalTicket(now, 'After the move');
      expect((await t.call('GET', '/api/portal/tickets', { as: now })).body.items.map((x: { id: string }) => x.id)).toEqual([fresh.id]);

      expect((await t.call('GET', `/api/tickets/${old.id}`, { as: agent })).body).toMatchObject({ customerId: oldCustomer, contactId: contact.contactId });
      expect(await version(old.id)).toBe(1);
    });

    it('cannot open tickets once deactivated', async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      await t.projected('contacts', await t.publish(contactDeactivatedV1, { id: contact.contactId, version: 2 }, { contactId: contact.contactId, customerId }));
      expect((await t.call('POST', '/api/portal/tickets', { as: portalUser(contact), body: { subject: 's', description: 'd' } })).status).toBe(409);
    });
  });
});
