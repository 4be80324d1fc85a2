import { randomUUID } from 'node:crypto';
import { contactDeactivatedV1, customerGroupCreatedV1, customerUpdatedV1, emailAccountCreatedV1 } from '@helpdesk/contracts-schema';
import { bodyDigest, loadServiceKeys, verifyServiceCall } from '@helpdesk/http';
import { testKeys, waitFor, watchEvents } from '@helpdesk/testing';
import { ifMatch, staff, startFakeCustomers, startTickets, type TicketsTestService } from './helpers';

describe('tickets for agents', () => {
  let t: TicketsTestService;
  let customers: Awaited<ReturnType<typeof startFakeCustomers>>;
  let customersReply: Parameters<typeof startFakeCustomers>[0];
  const agent = staff();

  beforeAll(async () => {
    customers = await startFakeCustomers((req) => customersReply(req));
    t = await startTickets({ customersUrl: customers.url });
  });
  afterAll(async () => {
    await t?.stop();
    await customers?.close();
  });

  async function newTicket(body: Record<string, unknown> = {}, as = agent) {
    const response = await t.call('POST', '/api/tickets', {
      as,
      body: { subject: 'Printer on floor 3 is offline', description: 'It shows error 41.', requesterEmail: 'dana@customer.example', ...body },
    });
    expect(response.status).toBe(201);
    return response.body;
  }

  const count = async (table: string) => Number((await t.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

  describe('POST /api/tickets', () => {
    it('opens a ticket from subject, description and requester email alone, and publishes ticket.created v1', async () => {
      const watcher = await watchEvents(t.busPrefix, ['ticket.created']);
      try {
        const response = await t.call('POST', '/api/tickets', {
          as: agent,
          body: { subject: '  VPN drops every 20 minutes ', description: 'Since Monday.', requesterEmail: 'Dana@Customer.example' },
        });
        expect(response.status).toBe(201);
        expect(response.headers.get('location')).toBe(`/api/tickets/${response.body.id}`);
        expect(response.headers.get('etag')).toBe('"1"');
        expect(response.body).toMatchObject({
          subject: 'VPN drops every 20 minutes',
          requesterEmail: 'dana@customer.example',
          status: 'new',
          priority: 'normal',
          customerId: null,
          contactId: null,
          version: 1,
          createdBy: { kind: 'staff', id: agent.userId },
        });
        expect(response.body.number).toBeGreaterThan(0);
        const event = await waitFor(() => watcher.received.find((e) => e.data.ticketId === response.body.id), { what: 'ticket.created' });
        expect(event).toMatchObject({
          type: 'ticket.created',
          version: 1,
          data: { number: response.body.number, requesterEmail: 'dana@customer.example', createdBy: { kind: 'staff', id: agent.userId }, customerId: null },
        });
        const fetched = await t.call('GET', `/api/tickets/${response.body.id}`, { as: agent });
        // GET shows the ticket as POST answered it, with its attachments, participants and notes (none yet).
        expect(fetched.body).toEqual({ ...response.body, attachments: [], participants: [], notes: [], olderNotesCursor: null });
      } finally {
        await watcher.close();
      }
    });

    it('gives every ticket a new number, never reused', async () => {
      const numbers = [];
      for (let i = 0; i < 3; i++) numbers.push((await newTicket()).number);
      expect(new Set(numbers).size).toBe(3);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    });

    it('opens a ticket for a customer and contact within the agent\'s access; the requester is the contact', async () => {
      const customerId = await t.addCustomer();
      const contact = await t.addContact(customerId);
      const teamAgent = await t.agentOf([customerId]);
      const assigneeId = randomUUID();
      const ids = { locationId: await t.addLocation(customerId), areaId: await t.addArea(customerId), teamId: await t.addTeam([customerId], [assigneeId]), assigneeId };
      const ticket = await newTicket({ requesterEmail: undefined, customerId, contactId: contact.contactId, priority: 'high', ...ids }, teamAgent);
      expect(ticket).toMatchObject({ customerId, contactId: contact.contactId, requesterEmail: contact.email, priority: 'high', ...ids, emailAccountId: null, contractId: null });
      const [created] = await t.recorded('ticket.created', ticket.id);
      expect(created).toMatchObject({ customerId, contactId: contact.contactId, teamId: ids.teamId, assigneeId: ids.assigneeId, emailAccountId: null });
      // The names an email about it shows, read from the projections by the statement that stored it.
      expect(created).toMatchObject({ customerName: 'Emma Watson Ltd', customerGroupId: null, contactFirstName: 'Harry', contactLastName: 'Porter', replyMailbox: null });
      const history = await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: teamAgent });
      expect(history.body.items).toEqual([expect.objectContaining({ kind: 'created', actor: { kind: 'staff', id: teamAgent.userId } })]);
    });

    it('refuses a customer outside the agent\'s customer access with 400 naming the field, storing nothing', async () => {
      const mine = await t.addCustomer();
      const theirs = await t.addCustomer();
      const before = await count('tickets');
      const response = await t.call('POST', '/api/tickets', {
        as: await t.agentOf([mine]),
        body: { subject: 's', description: 'd', requesterEmail: 'a@customer.example', customerId: theirs },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.detail).toContain(theirs);
      expect(response.body.errors).toEqual([{ pointer: '/customerId', message: "is not one of your teams' customers" }]);
      expect(await count('tickets')).toBe(before);
    });

    it('answers 409 while the customer or the contact has not reached the tickets service yet', async () => {
      const unknownCustomer = await t.call('POST', '/api/tickets', {
        as: agent,
        body: { subject: 's', description: 'd', requesterEmail: 'a@customer.example', customerId: randomUUID() },
      });
      expect(unknownCustomer).toMatchObject({ status: 409, body: { detail: expect.stringContaining('try again in a moment') } });
      const customerId = await t.addCustomer();
      const unknownContact = await t.call('POST', '/api/tickets', {
        as: agent,
        body: { subject: 's', description: 'd', customerId, contactId: randomUUID() },
      });
      expect(unknownContact.status).toBe(409);
    });

    it('refuses a contact of another customer, or a deactivated one, naming the field', async () => {
      const customerId = await t.addCustomer();
      const other = await t.addCustomer();
      const foreign = await t.addContact(other);
      const leaving = await t.addContact(customerId);
      await t.projected('contacts', await t.publish(contactDeactivatedV1, { id: leaving.contactId, version: 2 }, { contactId: leaving.contactId, customerId }));
      for (const contactId of [foreign.contactId, leaving.contactId]) {
        const response = await t.call('POST', '/api/tickets', { as: agent, body: { subject: 's', description: 'd', customerId, contactId } });
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([{ pointer: '/contactId', message: 'is not an active contact of this customer' }]);
      }
    });

    it('needs a requester email when there is no contact', async () => {
      const response = await t.call('POST', '/api/tickets', { as: agent, body: { subject: 's', description: 'd' } });
      expect(response).toMatchObject({ status: 400, body: { errors: [{ pointer: '/requesterEmail' }] } });
    });

    describe('with a new contact', () => {
      it('adds the contact at the customers service, asking as the tickets service, then opens the ticket for it', async () => {
        const customerId = await t.addCustomer();
        const teamAgent = await t.agentOf([customerId]);
        const contactId = randomUUID();
        customersReply = ({ body }) => ({ status: 201, body: { id: contactId, customerId, ...(body as object), active: true, portalState: 'none' } });
        const newContact = { firstName: 'Ron', lastName: 'Weasley', email: 'ron@customer.example' };
        const ticket = await newTicket({ requesterEmail: undefined, customerId, newContact }, teamAgent);
        expect(ticket).toMatchObject({ customerId, contactId, requesterEmail: 'ron@customer.example' });
        // The projection has not heard of Ron yet: the event names him as the agent did.
        expect(await t.recorded('ticket.created', ticket.id)).toEqual([expect.objectContaining({ customerName: 'Emma Watson Ltd', contactFirstName: 'Ron', contactLastName: 'Weasley' })]);

        const request = customers.requests.at(-1)!;
        expect(request).toMatchObject({ method: 'POST', url: `/internal/customers/${customerId}/contacts`, body: newContact });
        // Signed with the tickets service's own key, for this request: never the agent's principal.
        const customersKeys = loadServiceKeys('customers', { publicKeys: testKeys.publicKeys });
        const caller = verifyServiceCall(customersKeys, request.headers['x-service-assertion'] as string, { method: 'POST', path: request.url });
        expect(caller).toEqual({ principal: { kind: 'service', service: 'tickets' }, bodyDigest: bodyDigest(JSON.stringify(newContact)) });
        expect(request.headers['x-gateway-assertion']).toBeUndefined();
      });

      it.each([
        [400, { detail: 'The contact is invalid: /email must match format "email".', errors: [{ pointer: '/email', message: 'must match format "email"' }] }],
        [404, { detail: 'Customer does not exist.' }],
        [409, { detail: 'A contact with this email address already exists.' }],
      ])('passes the customers service\'s %i on to the caller, with its detail, and opens no ticket', async (status, problem) => {
        const customerId = await t.addCustomer();
        customersReply = () => ({ status, body: { type: 'about:blank', title: 'x', status, ...problem } });
        const before = await count('tickets');
        const response = await t.call('POST', '/api/tickets', {
          as: agent,
          body: { subject: 's', description: 'd', customerId, newContact: { firstName: 'Ron', lastName: 'Weasley', email: 'ron@customer.example' } },
        });
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(response.body.detail).toBe(problem.detail);
        if (status === 400) expect(response.body.errors).toEqual([{ pointer: '/newContact/email', message: 'must match format "email"' }]);
        expect(await count('tickets')).toBe(before);
      });

      it('answers 503 when the customers service fails or cannot be reached, and checks access before calling it', async () => {
        const customerId = await t.addCustomer();
        const body = { subject: 's', description: 'd', customerId, newContact: { firstName: 'Ron', lastName: 'Weasley', email: 'ron@customer.example' } };
        customersReply = () => ({ status: 500, body: { detail: 'boom' } });
        expect((await t.call('POST', '/api/tickets', { as: agent, body })).status).toBe(503);
        customersReply = () => ({ status: 0 });
        const unreachable = await t.call('POST', '/api/tickets', { as: agent, body });
        expect(unreachable).toMatchObject({ status: 503, body: { detail: expect.stringContaining('not reachable') } });
        const calls = customers.requests.length;
        expect((await t.call('POST', '/api/tickets', { as: await t.agentOf([randomUUID()]), body })).status).toBe(400);
        expect(customers.requests.length).toBe(calls);
      });

      it('needs the agent to hold contacts.manage, checked here since the customers service answers the tickets service, not the agent', async () => {
        const customerId = await t.addCustomer();
        const body = { subject: 's', description: 'd', customerId, newContact: { firstName: 'Ron', lastName: 'Weasley', email: 'ron@customer.example' } };
        const calls = customers.requests.length;
        const before = await count('tickets');
        const withoutPermission = { ...agent, permissions: ['customers.view' as const] };
        const refused = await t.call('POST', '/api/tickets', { as: withoutPermission, body });
        expect(refused).toMatchObject({ status: 403, body: { detail: 'This needs the "contacts.manage" permission; ask an administrator to grant it.' } });
        expect(customers.requests.length).toBe(calls);
        // The customers service refusing this service (a key or allowlist mixed up) is a fault of ours, not the agent's.
        customersReply = () => ({ status: 403, body: { detail: 'Only the tickets service may ask for this.' } });
        expect((await t.call('POST', '/api/tickets', { as: agent, body })).status).toBe(503);
        expect(await count('tickets')).toBe(before);
      });
    });
  });

  describe('PATCH /api/tickets/:id', () => {
    it('changes the fields sent, counts the version up, and records each change with its old and new value', async () => {
      const ticket = await newTicket();
      const teamId = await t.addTeam('all');
      const response = await t.call('PATCH', `/api/tickets/${ticket.id}`, {
        as: agent,
        headers: ifMatch(1),
        body: { subject: 'Printer on floor 4 is offline', priority: 'urgent', teamId },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"2"');
      expect(response.body).toMatchObject({ subject: 'Printer on floor 4 is offline', priority: 'urgent', teamId, description: ticket.description, version: 2 });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.updatedAt));

      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items;
      expect(history.map((e: { kind: string; field?: string }) => [e.kind, e.field])).toEqual([
        ['created', undefined],
        ['field_changed', 'subject'],
        ['field_changed', 'priority'],
        ['field_changed', 'teamId'],
      ]);
      expect(history[1]).toMatchObject({ from: 'Printer on floor 3 is offline', to: 'Printer on floor 4 is offline', actor: { kind: 'staff', id: agent.userId } });
      expect(history[3]).toMatchObject({ from: null, to: teamId, visibility: 'internal' });

      expect(await t.recorded('ticket.updated', ticket.id)).toEqual([
        {
          ticketId: ticket.id,
          number: ticket.number,
          customerId: null,
          actor: { kind: 'staff', id: agent.userId },
          at: response.body.updatedAt,
          changes: [
            { field: 'subject', from: 'Printer on floor 3 is offline', to: 'Printer on floor 4 is offline' },
            { field: 'priority', from: 'normal', to: 'urgent' },
            { field: 'teamId', from: null, to: teamId },
          ],
          ticket: {
            subject: 'Printer on floor 4 is offline',
            status: 'new',
            priority: 'urgent',
            channel: 'agent',
            requesterEmail: 'dana@customer.example',
            customerName: null,
            customerGroupId: null,
            contactId: null,
            contactFirstName: null,
            contactLastName: null,
            teamId,
            assigneeId: null,
            emailAccountId: null,
            replyMailbox: null,
            contractId: null,
          },
          // The tickets service does not know staff names.
          actorName: null,
        },
      ]);
    });

    it('clears a field sent as null, and treats values that do not differ as no change', async () => {
      const customerId = await t.addCustomer();
      const ticket = await newTicket({ customerId, locationId: await t.addLocation(customerId) });
      const cleared = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(1), body: { locationId: null } });
      expect(cleared.body).toMatchObject({ locationId: null, version: 2 });
      const same = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(2), body: { subject: ticket.subject, locationId: null } });
      expect(same).toMatchObject({ status: 200, body: { version: 2 } });
      expect(await t.recorded('ticket.updated', ticket.id)).toHaveLength(1);
    });

    it('refuses a stale version with 409 naming the current one, and changes nothing', async () => {
      const ticket = await newTicket();
      await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(1), body: { priority: 'high' } });
      const stale = await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: agent, headers: ifMatch(1), body: { priority: 'low' } });
      expect(stale.status).toBe(409);
      expect(stale.headers.get('etag')).toBe('"2"');
      expect(stale.body.detail).toContain('it is now at version 2');
      expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body).toMatchObject({ priority: 'high', version: 2 });
    });
  });

  describe('PUT /api/tickets/:id/assignment', () => {
    it('assigns an agent and a team, then unassigns the agent; each change is an internal history line and a ticket.assigned', async () => {
      const ticket = await newTicket();
      const assigneeId = randomUUID();
      const teamId = await t.addTeam('all', [assigneeId]);
      const assigned = await t.call('PUT', `/api/tickets/${ticket.id}/assignment`, { as: agent, headers: ifMatch(1), body: { assigneeId, teamId } });
      expect(assigned.body).toMatchObject({ assigneeId, teamId, version: 2 });
      const unassigned = await t.call('PUT', `/api/tickets/${ticket.id}/assignment`, { as: agent, headers: ifMatch(2), body: { assigneeId: null } });
      expect(unassigned.body).toMatchObject({ assigneeId: null, teamId, version: 3 });

      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items.slice(1);
      expect(history.map((e: Record<string, unknown>) => [e.kind, e.field, e.from, e.to, e.visibility])).toEqual([
        ['assigned', 'assigneeId', null, assigneeId, 'internal'],
        ['assigned', 'teamId', null, teamId, 'internal'],
        ['assigned', 'assigneeId', assigneeId, null, 'internal'],
      ]);
      expect(await t.recorded('ticket.assigned', ticket.id)).toEqual([
        expect.objectContaining({ assigneeId, teamId, previousAssigneeId: null, previousTeamId: null, ticket: expect.objectContaining({ assigneeId, teamId }) }),
        expect.objectContaining({ assigneeId: null, teamId, previousAssigneeId: assigneeId, previousTeamId: teamId, ticket: expect.objectContaining({ assigneeId: null, teamId }) }),
      ]);
    });
  });

  describe('PUT /api/tickets/:id/status', () => {
    it('walks the lifecycle, closes and reopens, with a history line and events for each step', async () => {
      const ticket = await newTicket();
      const steps = ['open', 'pending', 'open', 'resolved', 'closed', 'open'];
      for (const [i, status] of steps.entries()) {
        const response = await t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: agent, headers: ifMatch(i + 1), body: { status } });
        expect(response.body).toMatchObject({ status, version: i + 2 });
      }
      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items.slice(1);
      expect(history.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual([
        'new>open',
        'open>pending',
        'pending>open',
        'open>resolved',
        'resolved>closed',
        'closed>open',
      ]);
      const changed = await t.recorded('ticket.status_changed', ticket.id);
      expect(changed.map((e) => `${e.from}>${e.to}`)).toHaveLength(6);
      // Each carries the ticket after the change.
      expect(changed.map((e) => (e.ticket as { status: string }).status)).toEqual(steps);
      expect(await t.recorded('ticket.closed', ticket.id)).toEqual([
        expect.objectContaining({ from: 'resolved', actor: { kind: 'staff', id: agent.userId }, ticket: expect.objectContaining({ status: 'closed' }), actorName: null }),
      ]);
      expect(await t.recorded('ticket.reopened', ticket.id)).toEqual([expect.objectContaining({ ticketId: ticket.id, number: ticket.number, ticket: expect.objectContaining({ status: 'open' }) })]);
    });

    it('refuses a change the lifecycle does not allow with 409 naming both statuses, and changes nothing', async () => {
      const ticket = await newTicket();
      await t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: agent, headers: ifMatch(1), body: { status: 'closed' } });
      const response = await t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: agent, headers: ifMatch(2), body: { status: 'pending' } });
      expect(response.status).toBe(409);
      expect(response.body.detail).toBe('A ticket cannot go from "closed" to "pending"; from "closed" it can go to: open.');
      expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: agent })).body).toMatchObject({ status: 'closed', version: 2 });
      expect(await t.recorded('ticket.status_changed', ticket.id)).toHaveLength(1);
      const same = await t.call('PUT', `/api/tickets/${ticket.id}/status`, { as: agent, headers: ifMatch(2), body: { status: 'closed' } });
      expect(same.status).toBe(409);
    });
  });

  describe('POST /api/tickets/:id/notes', () => {
    it('adds public and internal notes to the timeline; the event carries the body of the public one only', async () => {
      const ticket = await newTicket();
      const publicNote = await t.call('POST', `/api/tickets/${ticket.id}/notes`, {
        as: agent,
        headers: ifMatch(1),
        body: { body: 'We sent a technician.', visibility: 'public' },
      });
      expect(publicNote.status).toBe(201);
      expect(publicNote.headers.get('etag')).toBe('"2"');
      expect(publicNote.body).toMatchObject({ body: 'We sent a technician.', visibility: 'public', author: { kind: 'staff', id: agent.userId }, ticketVersion: 2 });
      const internal = await t.call('POST', `/api/tickets/${ticket.id}/notes`, {
        as: agent,
        headers: ifMatch(2),
        body: { body: 'Customer is on the old contract.', visibility: 'internal' },
      });
      expect(internal.status).toBe(201);

      const history = (await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: agent })).body.items;
      expect(history.slice(1)).toEqual([
        expect.objectContaining({ kind: 'note_added', visibility: 'public', note: { id: publicNote.body.id, visibility: 'public', body: 'We sent a technician.' } }),
        expect.objectContaining({ kind: 'note_added', visibility: 'internal', note: { id: internal.body.id, visibility: 'internal', body: 'Customer is on the old contract.' } }),
      ]);
      const events = await t.recorded('ticket.note_added', ticket.id);
      expect(events).toEqual([
        expect.objectContaining({ noteId: publicNote.body.id, visibility: 'public', body: 'We sent a technician.', actorName: null, ticket: expect.objectContaining({ subject: ticket.subject, status: 'new' }) }),
        expect.objectContaining({ noteId: internal.body.id, visibility: 'internal', ticket: expect.objectContaining({ subject: ticket.subject }) }),
      ]);
      expect(events[1]).not.toHaveProperty('body');
      const outbox = await t.query("SELECT payload::text AS payload FROM outbox WHERE event_type = 'ticket.note_added'");
      expect(JSON.stringify(outbox)).not.toContain('old contract');
    });
  });

  describe('the ticket in its events', () => {
    it('every event after ticket.created carries the ticket after the change, with the names of its customer, group, contact and email account', async () => {
      const groupId = randomUUID();
      await t.publish(customerGroupCreatedV1, { id: groupId, version: 1 }, { groupId, name: 'Key accounts' });
      const customerId = await t.addCustomer('own', 'Initech');
      await t.projected('customers', await t.publish(customerUpdatedV1, { id: customerId, version: 2 }, { customerId, name: 'Initech AG', portalTicketVisibility: 'own', groupId }));
      const contact = await t.addContact(customerId, 'Milton');
      const emailAccountId = randomUUID();
      await t.publish(emailAccountCreatedV1, { id: emailAccountId, version: 1 }, { emailAccountId, name: 'Support', address: 'support@helpdesk.example', enabled: true, allocation: { kind: 'all' } });
      await waitFor(async () => (await t.query('SELECT 1 FROM email_accounts WHERE id = $1', [emailAccountId])).length > 0, { what: 'the email account projected' });
      const ticket = await newTicket({ requesterEmail: undefined, customerId, contactId: contact.contactId, emailAccountId });
      const names = { customerName: 'Initech AG', customerGroupId: groupId, contactFirstName: 'Milton', contactLastName: 'Porter', replyMailbox: 'support@helpdesk.example' };
      expect(await t.recorded('ticket.created', ticket.id)).toEqual([expect.objectContaining(names)]);

      const teamId = await t.addTeam([customerId], [agent.userId]);
      let version = 1;
      const step = async (method: string, path: string, body: unknown) => {
        const response = await t.call(method, `/api/tickets/${ticket.id}${path}`, { as: agent, headers: ifMatch(version), body });
        expect(response.status).toBeLessThan(300);
        version += 1;
      };
      await step('PATCH', '', { subject: 'Stapler missing', priority: 'high' });
      await step('PUT', '/assignment', { teamId, assigneeId: agent.userId });
      await step('PUT', '/status', { status: 'closed' });
      await step('POST', '/notes', { body: 'Found it in the basement.', visibility: 'public' });
      await step('PUT', '/status', { status: 'open' });

      const snapshot = (over: Record<string, unknown>) => ({
        subject: 'Stapler missing',
        status: 'new',
        priority: 'high',
        channel: 'agent',
        requesterEmail: contact.email,
        contactId: contact.contactId,
        teamId: null,
        assigneeId: null,
        contractId: null,
        emailAccountId,
        ...names,
        ...over,
      });
      const assigned = { teamId, assigneeId: agent.userId };
      const expected: Array<[string, Record<string, unknown>]> = [
        ['ticket.updated', snapshot({})],
        ['ticket.assigned', snapshot(assigned)],
        ['ticket.status_changed', snapshot({ ...assigned, status: 'closed' })],
        ['ticket.closed', snapshot({ ...assigned, status: 'closed' })],
        ['ticket.note_added', snapshot({ ...assigned, status: 'closed' })],
        ['ticket.status_changed', snapshot({ ...assigned, status: 'open' })],
        ['ticket.reopened', snapshot({ ...assigned, status: 'open' })],
      ];
      const rows = await t.query<{ type: string; data: Record<string, unknown> }>(
        "SELECT event_type AS type, payload->'data' AS data FROM outbox WHERE payload->'data'->>'ticketId' = $1 AND event_type <> 'ticket.created' ORDER BY id",
        [ticket.id],
      );
      expect(rows.map(({ type, data }) => [type, data.ticket])).toEqual(expected);
      expect(rows.every(({ data }) => data.actorName === null)).toBe(true);
    });
  });

  describe('customer access', () => {
    it('hides tickets of other customers, and tickets without a customer, from agents limited to some customers', async () => {
      const mine = await t.addCustomer();
      const theirs = await t.addCustomer();
      const limited = await t.agentOf([mine]);
      const ofMine = await newTicket({ customerId: mine });
      const ofTheirs = await newTicket({ customerId: theirs });
      const ofNobody = await newTicket();
      expect((await t.call('GET', `/api/tickets/${ofMine.id}`, { as: limited })).status).toBe(200);
      for (const ticket of [ofTheirs, ofNobody]) {
        expect((await t.call('GET', `/api/tickets/${ticket.id}`, { as: limited })).status).toBe(404);
        expect((await t.call('GET', `/api/tickets/${ticket.id}/history`, { as: limited })).status).toBe(404);
        expect((await t.call('PATCH', `/api/tickets/${ticket.id}`, { as: limited, headers: ifMatch(1), body: { priority: 'low' } })).status).toBe(404);
        const note = await t.call('POST', `/api/tickets/${ticket.id}/notes`, { as: limited, headers: ifMatch(1), body: { body: 'x', visibility: 'public' } });
        expect(note.status).toBe(404);
      }
      expect((await t.call('GET', `/api/tickets/${ofTheirs.id}`, { as: { ...staff(), role: 'agent' } })).status).toBe(404);
    });
  });
});
