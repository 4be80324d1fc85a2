import { queryDatabase, waitFor, watchEvents } from '@helpdesk/testing';
import { startSystem, type System } from './support/system';

describe('an agent creates a ticket through the gateway', () => {
  let system: System;
  let token: string;

  beforeAll(async () => {
    system = await startSystem();
    token = await system.logInAsAdmin();
  });
  afterAll(() => system?.stop());

  it('stores the ticket, emits ticket.created with the request correlation id, and mails the requester an acknowledgement', async () => {
    const watcher = await watchEvents(system.busPrefix, ['ticket.created']);
    try {
      const created = await system.api('POST', '/api/tickets', {
        token,
        headers: { 'x-correlation-id': 'e2e-slice-1' },
        body: { subject: 'Printer on floor 3 is offline', description: 'It shows error 41.', requesterEmail: 'Dana@Customer.example' },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('x-correlation-id')).toBe('e2e-slice-1');
      expect(created.body).toMatchObject({ subject: 'Printer on floor 3 is offline', status: 'new', requesterEmail: 'dana@customer.example' });

      const fetched = await system.api('GET', `/api/tickets/${created.body.id}`, { token });
      expect(fetched.body).toEqual({ ...created.body, attachments: [], participants: [], notes: [], olderNotesCursor: null });

      const mail = await system.smtp.waitForMail((m) => m.to.includes('dana@customer.example'));
      expect(mail.parsed.subject).toBe(`[Ticket #${created.body.number}] Printer on floor 3 is offline`);
      expect(mail.parsed.text).toContain(`opened ticket #${created.body.number}`);
      // An agent's ticket answers no message: auto-generated (RFC 3834), where an answer to an email is auto-replied.
      expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');

      const event = await waitFor(() => watcher.received.find((e) => e.data.ticketId === created.body.id), { what: 'ticket.created' });
      expect(event).toMatchObject({ type: 'ticket.created', correlationId: 'e2e-slice-1', data: { number: created.body.number } });
      // One correlation id from the request, through the event, to the notifier that handled it.
      const tracedBy = (service: string, msg: string) =>
        system.logs.find((line) => line.correlationId === 'e2e-slice-1' && line.service === service && line.msg === msg);
      await waitFor(() => tracedBy('gateway', 'request') && tracedBy('tickets', 'request') && tracedBy('notifier', 'event handled'), {
        what: 'log lines with the correlation id in gateway, tickets and notifier',
      });
      expect(tracedBy('gateway', 'request')).toMatchObject({ status: 201 });
      expect(tracedBy('notifier', 'event handled')).toMatchObject({ eventId: event.id, causationId: event.id, applied: true });
      expect(JSON.stringify(system.logs)).not.toContain('It shows error 41.');
      expect(JSON.stringify(system.logs)).not.toContain(token);

      // The row is marked sent in the transaction that held it while the SMTP server accepted the mail.
      const sent = await waitFor(async () => {
        const rows = await queryDatabase(system.services.notifier.databaseUrl, 'SELECT caused_by_event, sent_at FROM outgoing_emails');
        return rows[0]?.sent_at ? rows : undefined;
      }, { what: 'the email to be marked sent' });
      expect(sent).toEqual([{ caused_by_event: event.id, sent_at: expect.any(Date) }]);
    } finally {
      await watcher.close();
    }
  });

  it('refuses requests without a valid token, and services refuse requests that bypass the gateway', async () => {
    const body = { subject: 's', description: 'd', requesterEmail: 'x@customer.example' };
    expect((await system.api('POST', '/api/tickets', { body })).status).toBe(401);
    expect((await system.api('POST', '/api/tickets', { body, token: `${token}x` })).status).toBe(401);
    const direct = await fetch(`${system.services.tickets.url}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(direct.status).toBe(401);
    expect(direct.headers.get('content-type')).toContain('application/problem+json');
    const stored = await queryDatabase(system.services.tickets.databaseUrl, "SELECT count(*)::int AS n FROM tickets WHERE subject = 's'");
    expect(stored[0]!.n).toBe(0);
  });

  it.each([
    ['a missing field', { subject: 'Only a subject', requesterEmail: 'a@customer.example' }, '/description'],
    ['a wrong type', { subject: 42, description: 'd', requesterEmail: 'a@customer.example' }, '/subject'],
    ['a bad email', { subject: 's', description: 'd', requesterEmail: 'not-an-address' }, '/requesterEmail'],
    ['an oversized subject', { subject: 'x'.repeat(251), description: 'd', requesterEmail: 'a@customer.example' }, '/subject'],
    ['a blank subject', { subject: '   ', description: 'd', requesterEmail: 'a@customer.example' }, '/subject'],
    ['an unknown field', { subject: 's', description: 'd', requesterEmail: 'a@customer.example', status: 'closed' }, '/status'],
    ['an unknown priority', { subject: 's', description: 'd', requesterEmail: 'a@customer.example', priority: 'asap' }, '/priority'],
  ])('answers %s with a 400 problem naming the field and stores nothing', async (_case, body, pointer) => {
    const before = await queryDatabase(system.services.tickets.databaseUrl, 'SELECT count(*)::int AS n FROM tickets');
    const response = await system.api('POST', '/api/tickets', { token, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    const after = await queryDatabase(system.services.tickets.databaseUrl, 'SELECT count(*)::int AS n FROM tickets');
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('answers malformed JSON, unknown tickets and unknown routes with problems', async () => {
    const malformed = await system.api('POST', '/api/tickets', { token, body: '{"subject":' });
    expect(malformed).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/^The request body is not valid JSON \(.+\)\.$/) } });
    const unknown = await system.api('GET', '/api/tickets/6a1f0c2e-1111-4222-8333-444455556666', { token });
    expect(unknown).toMatchObject({ status: 404, body: { status: 404 } });
    const badId = await system.api('GET', '/api/tickets/not-a-uuid', { token });
    expect(badId.status).toBe(400);
    const nowhere = await system.api('GET', '/api/nowhere', { token });
    expect(nowhere).toMatchObject({ status: 404, body: { title: 'Not found' } });
  });
});
