import { randomUUID } from 'node:crypto';
import {
  contactAddedV1,
  customerAppUpdatedV1,
  notificationGroupCreatedV1,
  staffUserCreatedV1,
  ticketClosedV1,
  ticketCreatedV1,
  ticketNoteAddedV1,
  ticketStatusChangedV1,
  type EventData,
} from '@helpdesk/contracts-schema';
import { allPermissionNames, type Principal } from '@helpdesk/http';
import {
  gatewayAssertionHeader,
  newTestBusPrefix,
  queryDatabase,
  startTestPublisher,
  startTestService,
  startTestSmtp,
  tearDownTestService,
  waitFor,
  type ReceivedMail,
} from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { notifierService } from '../src/service';

type TicketCreated = EventData<typeof ticketCreatedV1>;

const admin: Principal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] };
const agent: Principal = { kind: 'staff', userId: randomUUID(), role: 'agent', permissions: [], teamIds: [] };
const seeded = { A01: 'a0000000-0000-4000-8000-000000000001', A02: 'a0000000-0000-4000-8000-000000000002', A03: 'a0000000-0000-4000-8000-000000000003', A04: 'a0000000-0000-4000-8000-000000000004' };

/**
 * Issue 12 item 1 in the notifier: the seeded automations on real events (RabbitMQ), their emails
 * through a real SMTP server, the run log, the dry run, and the administration routes.
 */
describe('automations', () => {
  const busPrefix = newTestBusPrefix();
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let notifier: Awaited<ReturnType<typeof startTestService<any, any, any>>>;
  let publisher: Awaited<ReturnType<typeof startTestPublisher>>;
  let number = 7000;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    notifier = await startTestService(notifierService, { loadConfig, busPrefix, env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', PORTAL_URL: 'https://help.example/portal' } });
    await notifier.bus.waitUntilConnected();
    publisher = await startTestPublisher(busPrefix, 'automations-test');
  });
  afterAll(() => tearDownTestService(busPrefix, notifier, [publisher, { stop: () => smtp.close() }]));

  async function call(method: string, path: string, options: { as?: Principal; body?: unknown } = {}) {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const as = options.as ?? admin;
    const response = await fetch(`${notifier.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...gatewayAssertionHeader(as, { service: 'notifier', method, path, body }) },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const query = <T extends Record<string, unknown> = Record<string, any>>(sql: string, values: unknown[] = []) => queryDatabase<T>(notifier.databaseUrl, sql, values);
  const handled = (eventId: string) =>
    waitFor(async () => (await query(`SELECT 1 FROM processed_events WHERE consumer = 'notifier' AND event_id = $1`, [eventId])).length === 1, { what: 'the event to be handled' });
  const runsOf = (eventId: string) => query<{ code: string; outcome: string; detail: any }>(`SELECT automation_code AS code, outcome, detail FROM automation_runs WHERE event_id = $1 ORDER BY automation_code`, [eventId]);
  const mailTo = (address: string, matching: (mail: ReceivedMail) => boolean = () => true) => smtp.waitForMail((mail) => mail.to.includes(address) && matching(mail));
  const templateId = async (key: string) => (await query<{ id: string }>(`SELECT id FROM email_templates WHERE key = $1`, [key]))[0]!.id;

  async function openTicket(requester: string, data: Partial<TicketCreated> = {}) {
    const ticket: TicketCreated = { ...ticketCreatedV1.example, ticketId: randomUUID(), number: ++number, subject: 'The printer is on fire', requesterEmail: requester, channel: 'agent', ...data };
    const event = await publisher.publish(ticketCreatedV1, { id: ticket.ticketId, version: 1 }, ticket);
    return { ticket, event };
  }
  const staffNote = (ticket: TicketCreated, version: number, extra: Record<string, unknown> = {}) =>
    publisher.publish(ticketNoteAddedV1, { id: ticket.ticketId, version }, {
      ticketId: ticket.ticketId,
      number: ticket.number,
      customerId: ticket.customerId ?? null,
      actor: { kind: 'staff', id: admin.userId },
      actorName: 'Alex Agent',
      at: new Date().toISOString(),
      noteId: randomUUID(),
      visibility: 'public',
      body: 'We replaced the toner.\nTry again, please.',
      ...extra,
    } as never);

  it('thanks the requester of a new ticket (A02, from its template), logs the run, and leaves A01 (off) silent', async () => {
    const { ticket, event } = await openTicket('dana@customer.example');
    const mail = await mailTo('dana@customer.example');
    expect(mail.parsed.subject).toBe(`[Ticket #${ticket.number}] The printer is on fire`);
    expect(mail.parsed.text).toContain(`opened ticket #${ticket.number}`);
    expect(mail.parsed.html).toContain(`https://help.example/portal/tickets/${ticket.ticketId}`);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    await handled(event.id);
    expect(await runsOf(event.id)).toEqual([{ code: 'A02', outcome: 'sent', detail: expect.objectContaining({ conditions: [expect.objectContaining({ field: 'email_automatic', passed: true })] }) }]);
    const [copy] = await query(`SELECT * FROM notifier_tickets WHERE id = $1`, [ticket.ticketId]);
    expect(copy).toMatchObject({ number: ticket.number, subject: 'The printer is on fire', requester_email: 'dana@customer.example', thread_ids: [mail.parsed.messageId], last_message_id: mail.parsed.messageId, version: 1 });
  });

  it("emails a staff member's public note in the ticket's thread, as the agent's words (A03), and logs a customer's note as conditions_false", async () => {
    const { ticket } = await openTicket('erin@customer.example');
    const thanks = await mailTo('erin@customer.example');
    // An event recorded before the ticket snapshot existed: the notifier's copy of the ticket fills in the rest.
    await staffNote(ticket, 2);
    const note = await mailTo('erin@customer.example', (mail) => mail.parsed.messageId !== thanks.parsed.messageId);
    expect(note.parsed.subject).toBe(`[Ticket #${ticket.number}] The printer is on fire`);
    expect(note.parsed.text).toContain('We replaced the toner.');
    expect(note.parsed.text).toContain('Alex Agent');
    expect(note.parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(note.parsed.inReplyTo).toBe(thanks.parsed.messageId);
    expect(note.parsed.references).toBe(thanks.parsed.messageId);

    const byCustomer = await staffNote(ticket, 3, { actor: { kind: 'contact', id: randomUUID() } });
    await handled(byCustomer.id);
    expect(await runsOf(byCustomer.id)).toEqual([{ code: 'A03', outcome: 'conditions_false', detail: expect.objectContaining({ conditions: [expect.objectContaining({ actual: 'contact', passed: false })] }) }]);
  });

  it('tells the requester of a status change by staff (A04, auto-generated)', async () => {
    const { ticket } = await openTicket('frank@customer.example');
    await mailTo('frank@customer.example');
    await publisher.publish(ticketStatusChangedV1, { id: ticket.ticketId, version: 2 }, {
      ticketId: ticket.ticketId, number: ticket.number, customerId: null, actor: { kind: 'staff', id: admin.userId }, at: new Date().toISOString(), from: 'new', to: 'resolved',
    });
    const mail = await mailTo('frank@customer.example', (m) => m.parsed.subject!.endsWith('now resolved'));
    expect(mail.parsed.subject).toBe(`[Ticket #${ticket.number}] The printer is on fire: now resolved`);
    expect(mail.parsed.text).toContain('changed from new to resolved');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    await waitFor(async () => (await query(`SELECT status FROM notifier_tickets WHERE id = $1`, [ticket.ticketId]))[0]?.status === 'resolved', { what: 'the copy to follow' });
  });

  it('runs A01 once switched on (no administrator known yet: logged recipient_unavailable), and not once off again', async () => {
    const before = await call('GET', `/api/automations/${seeded.A01}`);
    expect(before).toMatchObject({ status: 200, body: { code: 'A01', enabled: false, trigger: 'ticket.created' } });
    const on = await call('PATCH', `/api/automations/${seeded.A01}`, { body: { enabled: true, version: before.body.version } });
    expect(on).toMatchObject({ status: 200, body: { enabled: true, version: before.body.version + 1 } });
    const { event } = await openTicket('gina@customer.example');
    await mailTo('gina@customer.example');
    await handled(event.id);
    expect(await runsOf(event.id)).toEqual([
      { code: 'A01', outcome: 'not_sent', detail: expect.objectContaining({ notSent: [{ kind: 'account_owner', reason: 'recipient_unavailable' }] }) },
      { code: 'A02', outcome: 'sent', detail: expect.anything() },
    ]);
    expect((await call('PATCH', `/api/automations/${seeded.A01}`, { body: { enabled: false, version: on.body.version } })).status).toBe(200);
    const { event: later } = await openTicket('gina@customer.example');
    await handled(later.id);
    expect((await runsOf(later.id)).map((run) => run.code)).toEqual(['A02']);
  });

  it('limits automatic replies to one per sender and ticket per hour: the second is logged rate_limited', async () => {
    const created = await call('POST', '/api/automations', {
      body: {
        name: 'Acknowledge a customer reply by email',
        trigger: 'ticket.public_note_added',
        conditions: [{ field: 'actor_kind', op: 'in', values: ['contact', 'email'] }],
        actions: [{ type: 'send_email', templateId: await templateId('a02-thank-you'), to: [{ kind: 'requester' }] }],
      },
    });
    expect(created).toMatchObject({ status: 201, body: { code: 'A08', enabled: true, version: 1 } });
    const { ticket } = await openTicket('hank@customer.example');
    await mailTo('hank@customer.example');
    const byEmail = (version: number) =>
      staffNote(ticket, version, {
        actor: { kind: 'contact', id: randomUUID() },
        sourceEmail: { emailId: randomUUID(), emailAccountId: randomUUID(), mailbox: 'support@acme.example', from: 'hank@customer.example', messageId: `<${randomUUID()}@customer.example>`, references: [], automatic: false },
      });
    const first = await byEmail(2);
    await handled(first.id);
    const second = await byEmail(3);
    await handled(second.id);
    const rows = await query<{ not_sent_reason: string | null; auto_submitted: string }>(
      `SELECT not_sent_reason, auto_submitted FROM outgoing_emails WHERE ticket_id = $1 AND automation_code = $2 ORDER BY created_at`,
      [ticket.ticketId, created.body.code],
    );
    expect(rows).toEqual([{ not_sent_reason: null, auto_submitted: 'auto-replied' }, { not_sent_reason: 'rate_limited', auto_submitted: 'auto-replied' }]);
    expect((await runsOf(first.id)).find((run) => run.code === created.body.code)!.outcome).toBe('sent');
    expect((await runsOf(second.id)).find((run) => run.code === created.body.code)!.outcome).toBe('not_sent');

    const runs = await call('GET', `/api/automations/${created.body.id}/runs?limit=1`);
    expect(runs).toMatchObject({ status: 200, body: { items: [{ eventId: second.id, outcome: 'not_sent', emails: [{ to: 'hank@customer.example', notSentReason: 'rate_limited' }] }] } });
    const next = await call('GET', `/api/automations/${created.body.id}/runs?limit=1&cursor=${runs.body.next}`);
    expect(next.body.items).toMatchObject([{ eventId: first.id, outcome: 'sent', emails: [{ notSentReason: null }] }]);
    expect((await call('DELETE', `/api/automations/${created.body.id}`)).status).toBe(204);
  });

  it('dry-runs an automation on a ticket: what it would send and why, with nothing queued or logged', async () => {
    const { ticket, event } = await openTicket('ivy@customer.example', { priority: 'high' });
    await handled(event.id);
    const count = async () => (await query<{ emails: number; runs: number }>(`SELECT (SELECT count(*) FROM outgoing_emails)::int AS emails, (SELECT count(*) FROM automation_runs)::int AS runs`))[0];
    const before = await count();
    const dry = await call('POST', `/api/automations/${seeded.A04}/dry-run`, { body: { ticketId: ticket.ticketId } });
    expect(dry).toMatchObject({
      status: 200,
      body: {
        ticket: { ticketId: ticket.ticketId, number: ticket.number },
        triggerMatches: true,
        conditionsPassed: true,
        conditions: [{ field: 'actor_kind', actual: 'staff', passed: true }],
        recipients: [{ kind: 'requester', address: 'ivy@customer.example' }],
        emails: [{ to: 'ivy@customer.example', subject: `[Ticket #${ticket.number}] The printer is on fire: now new`, headers: { 'Auto-Submitted': 'auto-generated' } }],
        notSent: [],
      },
    });
    const unsaved = await call('POST', '/api/automations/dry-run', {
      body: {
        automation: { name: 'High priority only', trigger: 'ticket.created', conditions: [{ field: 'priority', op: 'in', values: ['urgent'] }], actions: [{ type: 'send_email', templateId: await templateId('a01-new-ticket-owner'), to: [{ kind: 'requester' }] }] },
        ticketId: ticket.ticketId,
      },
    });
    expect(unsaved).toMatchObject({ status: 200, body: { conditionsPassed: false, conditions: [{ field: 'priority', actual: 'high', passed: false }], emails: [] } });
    expect(await count()).toEqual(before);
    expect(smtp.received.filter((mail) => mail.to.includes('ivy@customer.example'))).toHaveLength(1);
    expect((await call('POST', `/api/automations/${seeded.A04}/dry-run`, { body: { ticketId: randomUUID() } })).status).toBe(404);
    const samples = await call('GET', '/api/automations/sample-tickets');
    expect(samples.body.items[0]).toMatchObject({ id: ticket.ticketId, number: ticket.number });
  });

  it('lists, creates, edits, toggles and deletes automations; refuses stale versions (409) and what the trigger does not offer (400, with a pointer)', async () => {
    const list = await call('GET', '/api/automations');
    expect(list.body.items.slice(0, 4).map((a: { code: string; enabled: boolean }) => [a.code, a.enabled])).toEqual([['A01', false], ['A02', true], ['A03', true], ['A04', true]]);
    const triggers = await call('GET', '/api/automations/triggers');
    expect(triggers.body.items.map((t: { trigger: string }) => t.trigger)).toEqual(expect.arrayContaining(['ticket.created', 'ticket.created_by_email', 'ticket.public_note_added', 'ticket.status_changed', 'ticket.closed']));

    const a02 = await templateId('a02-thank-you');
    const body = { name: 'Urgent tickets', trigger: 'ticket.created', conditions: [{ field: 'priority', op: 'in', values: ['urgent'] }], actions: [{ type: 'send_email', templateId: a02, to: [{ kind: 'requester' }] }], enabled: false };
    const created = await call('POST', '/api/automations', { body });
    expect(created).toMatchObject({ status: 201, body: { code: expect.stringMatching(/^A\d{2}$/), name: 'Urgent tickets', enabled: false, version: 1 } });
    const id = created.body.id;
    expect(await call('PATCH', `/api/automations/${id}`, { body: { name: 'Urgent ones', version: 1 } })).toMatchObject({ status: 200, body: { name: 'Urgent ones', version: 2 } });
    expect(await call('PATCH', `/api/automations/${id}`, { body: { enabled: true, version: 1 } })).toMatchObject({ status: 409, body: { status: 409 } });
    expect(await call('PATCH', `/api/automations/${id}`, { body: { enabled: true, version: 2 } })).toMatchObject({ status: 200, body: { enabled: true, version: 3 } });

    const pointerOf = async (change: Record<string, unknown>, method = 'POST', path = '/api/automations') => {
      const response = await call(method, path, { body: { ...body, ...change } });
      expect(response.status).toBe(400);
      return response.body.errors.map((e: { pointer: string }) => e.pointer);
    };
    expect(await pointerOf({ actions: [{ type: 'send_email', templateId: randomUUID(), to: [{ kind: 'requester' }] }] })).toEqual(['/actions/0/templateId']);
    expect(await pointerOf({ actions: [{ type: 'send_email', templateId: await templateId('a03-public-note'), to: [{ kind: 'requester' }] }] })).toEqual(['/actions/0/templateId']);
    expect(await pointerOf({ conditions: [{ field: 'status_to', op: 'in', values: ['closed'] }] })).toEqual(['/conditions/0/field']);
    expect(await pointerOf({ colour: 'red' })).toContain('/colour');
    expect(await pointerOf({ actions: [{ type: 'send_email', templateId: a02, to: [{ kind: 'the_boss' }] }] })).toEqual(expect.arrayContaining([expect.stringMatching(/^\/actions\/0\/to\/0/)]));

    expect((await call('DELETE', `/api/automations/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/automations/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/automations/${id}`)).status).toBe(404);
    expect((await call('PATCH', `/api/automations/${id}`, { body: { enabled: false, version: 3 } })).status).toBe(404);
    expect((await call('GET', '/api/automations/not-an-id')).status).toBe(400);
  });

  it("keeps a ticket's thread as its root and the last 19 Message-IDs, none twice", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `<m${i}@x.example>`);
    const [{ thread }] = await query<{ thread: string[] }>(`SELECT notifier_thread_ids($1::text[], $2::text[]) AS thread`, [ids.slice(0, 20), [...ids.slice(18), '<m0@x.example>']]);
    expect(thread).toEqual([ids[0], ...ids.slice(6)]);
    expect((await query<{ thread: string[] }>(`SELECT notifier_thread_ids('{}', NULL) AS thread`))[0]!.thread).toEqual([]);
  });

  it('refuses staff without the permission and access to every customer (403)', async () => {
    expect((await call('GET', '/api/automations', { as: agent })).status).toBe(403);
    expect((await call('POST', `/api/automations/${seeded.A02}/dry-run`, { as: agent, body: {} })).status).toBe(403);
  });

  it('follows a change made by another instance: the group finds its catalogue stale, reloads it and plans again', async () => {
    // Another instance switches A02 off: its transaction counts the settings version up; this instance has not reloaded.
    await query(`WITH off AS (UPDATE automations SET enabled = false, version = version + 1 WHERE id = $1) UPDATE notifier_settings SET version = version + 1`, [seeded.A02]);
    const { event } = await openTicket('jack@customer.example');
    await handled(event.id);
    expect(await runsOf(event.id)).toEqual([]);
    expect(await query(`SELECT 1 FROM outgoing_emails WHERE caused_by_event = $1`, [event.id])).toEqual([]);
    await query(`WITH back AS (UPDATE automations SET enabled = true, version = version + 1 WHERE id = $1) UPDATE notifier_settings SET version = version + 1`, [seeded.A02]);
    await openTicket('jack@customer.example');
    await mailTo('jack@customer.example');
  });

  describe('with what the notifier keeps of other services', () => {
    const staffUser = (email: string, createdAt: string, role: 'admin' | 'agent' = 'admin') => {
      const userId = randomUUID();
      return publisher.publish(staffUserCreatedV1, { id: userId, version: 1 }, { userId, email, name: email.split('@')[0]!, role, active: true, createdAt });
    };
    const projected = (sql: string, values: unknown[]) => waitFor(async () => (await query(sql, values)).length > 0, { what: sql });

    it('sends A01 to the account owner: the oldest active administrator, unless the setting names another', async () => {
      await staffUser('later-admin@helpdesk.example', '2026-02-01T00:00:00.000Z');
      await staffUser('first-admin@helpdesk.example', '2026-01-01T00:00:00.000Z');
      await staffUser('agent@helpdesk.example', '2025-01-01T00:00:00.000Z', 'agent');
      await projected(`SELECT 1 FROM notifier_staff_users WHERE email = $1`, ['first-admin@helpdesk.example']);
      await projected(`SELECT 1 FROM notifier_staff_users WHERE email = $1`, ['agent@helpdesk.example']);
      const before = await call('GET', `/api/automations/${seeded.A01}`);
      const on = await call('PATCH', `/api/automations/${seeded.A01}`, { body: { enabled: true, version: before.body.version } });
      try {
        const { ticket } = await openTicket('owner-test@customer.example');
        const notice = await mailTo('first-admin@helpdesk.example', (mail) => (mail.parsed.subject ?? '').includes(`#${ticket.number}`));
        expect(notice.parsed.text).toContain('owner-test@customer.example');

        // Administration > Emails > Settings names another one; an address that is no active staff user is refused.
        expect(await call('GET', '/api/emails/settings')).toMatchObject({ status: 200, body: { accountOwnerId: null, effective: { email: 'first-admin@helpdesk.example' } } });
        const [named] = await query<{ id: string }>(`SELECT id FROM notifier_staff_users WHERE email = 'later-admin@helpdesk.example'`);
        expect(await call('PUT', '/api/emails/settings', { body: { accountOwnerId: randomUUID() } })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/accountOwnerId' }] } });
        expect(await call('PUT', '/api/emails/settings', { body: { accountOwnerId: named!.id } })).toMatchObject({
          status: 200,
          body: { accountOwnerId: named!.id, effective: { email: 'later-admin@helpdesk.example' } },
        });
        expect((await call('PUT', '/api/emails/settings', { as: agent, body: { accountOwnerId: null } })).status).toBe(403);
        const { ticket: next } = await openTicket('owner-test@customer.example');
        await mailTo('later-admin@helpdesk.example', (mail) => (mail.parsed.subject ?? '').includes(`#${next.number}`));
      } finally {
        expect((await call('PUT', '/api/emails/settings', { body: { accountOwnerId: null } })).status).toBe(200);
        await call('PATCH', `/api/automations/${seeded.A01}`, { body: { enabled: false, version: on.body.version } });
      }
    });

    it("emails a customer's notification group about the events its settings name, not other customers' tickets, and a close only once", async () => {
      const customerId = randomUUID();
      const contactId = randomUUID();
      await publisher.publish(contactAddedV1, { id: contactId, version: 1 }, { ...contactAddedV1.example, contactId, customerId, email: 'lead@grouped.example', firstName: 'Lena', lastName: 'Lead' } as never);
      const groupId = randomUUID();
      await publisher.publish(notificationGroupCreatedV1, { id: groupId, version: 1 }, {
        notificationGroupId: groupId,
        customerId,
        name: 'IT leads',
        description: null,
        notifyOn: ['ticket.created', 'ticket.status_changed', 'ticket.closed'],
        members: [{ kind: 'contact', id: contactId }],
      });
      await projected(`SELECT 1 FROM notifier_contacts WHERE id = $1`, [contactId]);
      await projected(`SELECT 1 FROM notifier_notification_groups WHERE id = $1`, [groupId]);

      const { ticket, event } = await openTicket('someone@grouped.example', { customerId, contactId: null });
      const created = await mailTo('lead@grouped.example', (mail) => (mail.parsed.subject ?? '').includes(`#${ticket.number}`));
      expect(created.parsed.text).toContain('you are in a notification group');
      expect(created.parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(await query(`SELECT kind, source, template_key FROM outgoing_emails WHERE caused_by_event = $1 AND to_address = 'lead@grouped.example'`, [event.id])).toEqual([
        { kind: `group:${groupId}`, source: 'notification_group', template_key: 'group-ticket-created' },
      ]);

      // A close emits ticket.status_changed and ticket.closed at one version: the group takes both, its member gets one.
      const change = { ticketId: ticket.ticketId, number: ticket.number, customerId, actor: { kind: 'staff' as const, id: admin.userId }, at: new Date().toISOString() };
      const statusChanged = await publisher.publish(ticketStatusChangedV1, { id: ticket.ticketId, version: 2 }, { ...change, from: 'new', to: 'closed' });
      const closed = await publisher.publish(ticketClosedV1, { id: ticket.ticketId, version: 2 }, { ...change, from: 'new' } as never);
      await handled(statusChanged.id);
      await handled(closed.id);
      expect(await query(`SELECT template_key FROM outgoing_emails WHERE ticket_id = $1 AND to_address = 'lead@grouped.example' ORDER BY created_at`, [ticket.ticketId])).toEqual([
        { template_key: 'group-ticket-created' },
        { template_key: 'group-ticket-closed' },
      ]);

      // Another customer's ticket: its events read no group, email nobody of this one's.
      const { event: other } = await openTicket('someone@elsewhere.example', { customerId: randomUUID(), contactId: null });
      await handled(other.id);
      expect(await query(`SELECT 1 FROM outgoing_emails WHERE caused_by_event = $1 AND to_address = 'lead@grouped.example'`, [other.id])).toEqual([]);
    });

    it('with the portal app switched off, A02 goes without its portal sentence, and a template that shows a portal link is withheld (portal_disabled)', async () => {
      const appId = randomUUID();
      await publisher.publish(customerAppUpdatedV1, { id: appId, version: 2 }, { appId, kind: 'portal', name: 'Customer portal', enabled: false });
      await projected(`SELECT 1 FROM notifier_customer_apps WHERE id = $1 AND NOT enabled`, [appId]);
      try {
        const { ticket } = await openTicket('emailonly@customer.example');
        const mail = await mailTo('emailonly@customer.example');
        expect(mail.parsed.subject).toBe(`[Ticket #${ticket.number}] The printer is on fire`);
        expect(`${mail.parsed.text}${mail.parsed.html}`).not.toContain('help.example/portal');

        // An administrator's template that shows the ticket's portal page: not sent while the portal is off, and logged why.
        const portalTemplate = await call('POST', '/api/emails/templates', {
          body: { key: 'portal-link-notice', name: 'Portal link', context: 'ticket', subject: 'See it online', html: '<a href="{{ ticket.portal_url }}">open</a>', text: null },
        });
        expect(portalTemplate.status).toBe(201);
        const automation = await call('POST', '/api/automations', {
          body: { name: 'Portal link', trigger: 'ticket.created', conditions: [], actions: [{ type: 'send_email', templateId: portalTemplate.body.id, to: [{ kind: 'requester' }] }], enabled: true },
        });
        expect(automation.status).toBe(201);
        const { event } = await openTicket('withheld@customer.example');
        await handled(event.id);
        expect(await runsOf(event.id)).toEqual(
          expect.arrayContaining([
            { code: automation.body.code, outcome: 'not_sent', detail: expect.objectContaining({ notSent: [expect.objectContaining({ reason: 'portal_disabled' })] }) },
          ]),
        );
        expect(await query(`SELECT not_sent_reason FROM outgoing_emails WHERE caused_by_event = $1 AND template_key = 'portal-link-notice'`, [event.id])).toEqual([
          { not_sent_reason: 'portal_disabled' },
        ]);
        expect((await call('DELETE', `/api/automations/${automation.body.id}`)).status).toBe(204);
      } finally {
        await publisher.publish(customerAppUpdatedV1, { id: appId, version: 3 }, { appId, kind: 'portal', name: 'Customer portal', enabled: true });
        await projected(`SELECT 1 FROM notifier_customer_apps WHERE id = $1 AND enabled`, [appId]);
      }
    });
  });
});
