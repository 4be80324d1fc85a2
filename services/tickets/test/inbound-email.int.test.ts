import { randomUUID } from 'node:crypto';
import { Bus } from '@helpdesk/bus';
import { inboundEmailReceivedV1, outgoingEmailQueuedV1 } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import { newTestBusPrefix, startTestService, testEnvironment, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { ticketsService } from '../src/service';
import { ifMatch, staff, startTickets, type TicketsTestService } from './helpers';
import { filedEvents as filedEventsOf, inboundEmails, startCustomersService, type Address, type Received } from './inbound-email-support';


/**
 * Filing inbound email (issue 11 §6) against the real customers service (email domains, contacts,
 * the contact added for an unknown sender on a customer's domain) on the same bus: inbound_email.received
 * is published as mail-ingest would, and what the tickets service stored and published is asserted.
 * The cases mirror services/mail-ingest/test/corpus (15-28, 39, 44, 52-56).
 */
describe('filing inbound email', () => {
  const busPrefix = newTestBusPrefix();
  let customers: Awaited<ReturnType<typeof startCustomersService>>;
  let t: TicketsTestService;
  let bus: Bus;
  const agent = staff();
  const accountId = randomUUID();
  const otherAccountId = randomUUID();
  const world = {
    acme: '',
    globex: '',
    contacts: {} as Record<string, string>,
  };


  beforeAll(async () => {
    customers = await startCustomersService(busPrefix);
    t = await startTickets({ busPrefix, customersUrl: customers.service.internalUrl! });
    bus = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'redelivery' });
    bus.start();
    await bus.waitUntilConnected();
    const acme = await customers.api('POST', '/api/customers', { name: 'Acme Corporation', emailDomains: ['acme.example'] });
    const globex = await customers.api('POST', '/api/customers', { name: 'Globex GmbH', emailDomains: ['globex.example', 'globex-mail.example'] });
    const initech = await customers.api('POST', '/api/customers', { name: 'Initech', emailDomains: ['initech.example'] });
    world.acme = acme.id;
    world.globex = globex.id;
    const people: Array<[string, string, string, string]> = [
      [acme.id, 'Anna', 'Berg', 'anna.berg@acme.example'],
      [acme.id, 'Tom', 'Baker', 'tom.baker@acme.example'],
      [acme.id, 'Lisa', 'Wong', 'lisa.wong@freemail.example'],
      [globex.id, 'Hank', 'Scorpio', 'hank@globex.example'],
      [initech.id, 'Lin', 'Chen', 'l.chen@initech.example'],
    ];
    for (const [customerId, firstName, lastName, email] of people) {
      world.contacts[email] = (await customers.api('POST', `/api/customers/${customerId}/contacts`, { firstName, lastName, email })).id;
    }
    // The tickets service has heard of every contact and of the domains.
    await waitFor(async () => (await t.query('SELECT count(*)::int AS n FROM contacts WHERE email IS NOT NULL'))[0]!.n === people.length, { what: 'the contacts projected' });
    await waitFor(async () => (await t.query(`SELECT 1 FROM customers WHERE 'initech.example' = ANY(email_domains)`)).length === 1, { what: 'the domains projected' });
  });

  afterAll(async () => {
    await bus?.stop();
    await customers?.service.stop();
    await customers?.service.dropDatabase();
    await t?.stop();
  });

  /** An inbound_email.received as mail-ingest would publish it, on this test's account; returns its data. */
  const email = inboundEmails('mail', () => ({ emailAccountId: accountId }));

  const filedEvents = (emailId: string) => filedEventsOf(t, emailId);

  /** Publishes the email and waits until the tickets service filed it; its inbound_email.filed. */
  async function deliver(data: Received): Promise<Record<string, any>> {
    await t.publish(inboundEmailReceivedV1, { id: data.emailId, version: 1 }, data);
    return waitFor(async () => (await filedEvents(data.emailId))[0], { what: `email ${data.emailId} filed` });
  }

  const anna: Address = { address: 'anna.berg@acme.example', name: 'Anna Berg' };
  const tom: Address = { address: 'tom.baker@acme.example', name: 'Tom Baker' };
  const hank: Address = { address: 'hank@globex.example', name: 'Hank Scorpio' };

  async function ticket(id: string) {
    const [row] = await t.query<Record<string, any>>(
      `SELECT id, number, subject, status, customer_id AS "customerId", contact_id AS "contactId", requester_email AS "requesterEmail", version,
              channel, linked_ticket_id AS "linkedTicketId", closed_at AS "closedAt", source_email_id AS "sourceEmailId", description, description_html AS "descriptionHtml"
       FROM tickets WHERE id = $1`,
      [id],
    );
    return row!;
  }
  const participants = async (ticketId: string) => (await t.query<{ email: string }>('SELECT email FROM ticket_participants WHERE ticket_id = $1 ORDER BY email', [ticketId])).map((r) => r.email);
  const notes = (ticketId: string) =>
    t.query<Record<string, any>>(
      'SELECT id, visibility, body, body_html AS "bodyHtml", author_kind AS "authorKind", author_id AS "authorId", source_email_id AS "sourceEmailId" FROM ticket_notes WHERE ticket_id = $1 ORDER BY created_at, id',
      [ticketId],
    );

  /** A ticket opened by Anna's first email, and the acknowledgement the notifier queued for it (its Message-ID, issued). */
  async function givenTicket(over: Partial<Received> = {}) {
    const first = email({ from: anna, subject: 'Printer on floor 3 is offline', messageId: `<first-${randomUUID()}@acme.example>`, ...over });
    const filed = await deliver(first);
    expect(filed.outcome).toBe('new-ticket');
    const ack = `<ack-${randomUUID()}@helpdesk.example>`;
    await t.publish(outgoingEmailQueuedV1, { id: randomUUID(), version: 1 }, { outgoingEmailId: randomUUID(), messageId: ack, kind: 'ticket_acknowledgement', ticketId: filed.ticketId });
    await waitFor(async () => (await t.query('SELECT 1 FROM ticket_message_ids WHERE message_id = $1', [ack])).length === 1, { what: 'the acknowledgement kept' });
    return { id: filed.ticketId as string, number: filed.number as number, firstMessageId: first.messageId!, ack, first };
  }

  describe('a new email', () => {
    it('from a contact opens a ticket of their customer, with the copied contacts of that customer as participants, and publishes it', async () => {
      const mail = email({
        from: anna,
        to: [{ address: 'support@helpdesk.example', name: null }],
        cc: [tom, { address: 'l.chen@initech.example', name: 'Lin Chen' }, { address: 'sales@helpdesk.example', name: null }],
        subject: 'Conference room display does not turn on',
        text: 'The display in room 2 stays black.',
        html: '<p>The display in room 2 stays <b>black</b>.</p>',
        references: [],
        attachments: [
          { attachmentId: randomUUID(), filename: 'photo.jpg', contentType: 'image/jpeg', size: 1234, inline: false, contentId: null },
          { attachmentId: randomUUID(), filename: 'logo.png', contentType: 'image/png', size: 99, inline: true, contentId: '<logo@acme.example>' },
        ],
        defaults: { teamId: null, priority: 'high' },
      });
      const filed = await deliver(mail);
      expect(filed).toMatchObject({ emailId: mail.emailId, emailAccountId: accountId, outcome: 'new-ticket', rule: null, reopened: false, linkedTicketId: null, customerId: world.acme, contactId: world.contacts[anna.address], noteId: null });
      expect(filed.detail).toContain('tom.baker@acme.example');
      const created = await ticket(filed.ticketId);
      expect(created).toMatchObject({
        number: filed.number,
        subject: 'Conference room display does not turn on',
        status: 'new',
        customerId: world.acme,
        contactId: world.contacts[anna.address],
        requesterEmail: anna.address,
        channel: 'email',
        sourceEmailId: mail.emailId,
        description: 'The display in room 2 stays black.',
        descriptionHtml: '<p>The display in room 2 stays <b>black</b>.</p>',
      });
      expect(await participants(filed.ticketId)).toEqual(['tom.baker@acme.example']);
      expect(await t.query('SELECT id, note_id AS "noteId", filename, inline, position FROM ticket_attachments WHERE ticket_id = $1 ORDER BY position', [filed.ticketId])).toEqual([
        { id: mail.attachments[0]!.attachmentId, noteId: null, filename: 'photo.jpg', inline: false, position: 0 },
        { id: mail.attachments[1]!.attachmentId, noteId: null, filename: 'logo.png', inline: true, position: 1 },
      ]);
      expect(await t.query('SELECT ticket_id AS "ticketId", source, email_id AS "emailId" FROM ticket_message_ids WHERE message_id = $1', [mail.messageId])).toEqual([
        { ticketId: filed.ticketId, source: 'received', emailId: mail.emailId },
      ]);
      expect(await t.recorded('ticket.created', filed.ticketId)).toEqual([
        expect.objectContaining({
          number: filed.number,
          channel: 'email',
          priority: 'high',
          requesterEmail: anna.address,
          createdBy: { kind: 'contact', id: world.contacts[anna.address] },
          emailAccountId: accountId,
          sourceEmail: { emailId: mail.emailId, emailAccountId: accountId, mailbox: 'support@helpdesk.example', from: anna.address, messageId: mail.messageId, references: [], automatic: false },
          customerName: 'Acme Corporation',
          customerGroupId: null,
          contactFirstName: 'Anna',
          contactLastName: 'Berg',
          // The account is not projected here: the mailbox the email came in by.
          replyMailbox: 'support@helpdesk.example',
        }),
      ]);
      // The staff API shows it as any ticket.
      expect((await t.call('GET', `/api/tickets/${filed.ticketId}`, { as: agent })).body).toMatchObject({ number: filed.number, customerId: world.acme });
    });

    it('from a contact on a freemail address is their customer\'s (the address decides, not the domain)', async () => {
      const filed = await deliver(email({ from: { address: 'Lisa.Wong@freemail.example', name: 'Lisa Wong' }, subject: 'Cannot reach the Acme intranet from home' }));
      expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: world.acme, contactId: world.contacts['lisa.wong@freemail.example'] });
      expect(await ticket(filed.ticketId)).toMatchObject({ requesterEmail: 'lisa.wong@freemail.example' });
    });

    it('from an unknown sender on no customer\'s domain goes to the unassigned queue; no contact is made', async () => {
      const before = await customers.rows('SELECT count(*)::int AS n FROM contacts');
      const mail = email({ from: { address: 'j.doe1987@freemail.example', name: 'John Doe' }, subject: 'Do you also support home users?' });
      const filed = await deliver(mail);
      expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: null, contactId: null });
      expect(await ticket(filed.ticketId)).toMatchObject({ customerId: null, contactId: null, requesterEmail: 'j.doe1987@freemail.example' });
      expect((await t.recorded('ticket.created', filed.ticketId))[0]).toMatchObject({
        createdBy: { kind: 'email', id: mail.emailId },
        customerId: null,
        customerName: null,
        contactFirstName: null,
        contactLastName: null,
      });
      expect(await customers.rows('SELECT count(*)::int AS n FROM contacts')).toEqual(before);
    });

    it('from an unknown sender on a customer\'s domain makes them a contact of it (named from the display name), once', async () => {
      const mail = email({ from: { address: 'Mara.Klein@Acme.example', name: 'Mara Klein' }, subject: 'New colleague here' });
      const filed = await deliver(mail);
      const [contact] = await customers.rows("SELECT id, customer_id AS \"customerId\", first_name AS \"firstName\", last_name AS \"lastName\" FROM contacts WHERE email = 'mara.klein@acme.example'");
      expect(contact).toEqual({ id: expect.any(String), customerId: world.acme, firstName: 'Mara', lastName: 'Klein' });
      expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: world.acme, contactId: contact!.id });
      // Her next email finds the same contact (by now through the projection).
      await waitFor(async () => (await t.query('SELECT 1 FROM contacts WHERE id = $1', [contact!.id])).length === 1, { what: 'the new contact projected' });
      const again = await deliver(email({ from: { address: 'mara.klein@acme.example', name: 'Mara K.' } }));
      expect(again).toMatchObject({ customerId: world.acme, contactId: contact!.id });
      expect(await customers.rows("SELECT id FROM contacts WHERE email = 'mara.klein@acme.example'")).toHaveLength(1);
    });

    it('without a subject gets "(no subject)"; an empty text a placeholder', async () => {
      const filed = await deliver(email({ from: anna, subject: '', text: '' }));
      expect(await ticket(filed.ticketId)).toMatchObject({ subject: '(no subject)', description: '(no text)' });
    });

    it('with a number not in [Ticket #N] brackets is a new ticket', async () => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: anna, subject: `Question about ticket ${given.number} and a new laptop` }));
      expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: world.acme });
      expect(filed.ticketId).not.toBe(given.id);
    });

    it('that is automatic says so to the notifier (sourceEmail.automatic)', async () => {
      const filed = await deliver(email({ from: anna, subject: 'Out of office', automatic: { header: 'Auto-Submitted', value: 'auto-replied' } }));
      expect((await t.recorded('ticket.created', filed.ticketId))[0]).toMatchObject({ sourceEmail: expect.objectContaining({ automatic: true }) });
    });
  });

  describe('a reply', () => {
    it('by In-Reply-To to the acknowledgement joins the ticket as a public note with its HTML and attachments', async () => {
      const given = await givenTicket();
      const attachmentId = randomUUID();
      const reply = email({
        from: anna,
        subject: 'Re: Printer on floor 3 is offline',
        inReplyTo: given.ack,
        references: [given.ack],
        text: 'Still offline.',
        html: '<p>Still <i>offline</i>.</p>',
        attachments: [{ attachmentId, filename: 'error.log', contentType: 'text/plain', size: 10, inline: false, contentId: null }],
      });
      const before = await ticket(given.id);
      const filed = await deliver(reply);
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, number: given.number, rule: 'in-reply-to', reopened: false, customerId: world.acme, contactId: world.contacts[anna.address] });
      const [note] = await notes(given.id);
      expect(note).toEqual({ id: filed.noteId, visibility: 'public', body: 'Still offline.', bodyHtml: '<p>Still <i>offline</i>.</p>', authorKind: 'contact', authorId: world.contacts[anna.address], sourceEmailId: reply.emailId });
      expect(await t.query('SELECT note_id AS "noteId" FROM ticket_attachments WHERE id = $1', [attachmentId])).toEqual([{ noteId: filed.noteId }]);
      expect((await ticket(given.id)).version).toBe(before.version + 1);
      expect(await participants(given.id)).toEqual([]);
      expect(await t.recorded('ticket.note_added', given.id)).toEqual([
        expect.objectContaining({
          noteId: filed.noteId,
          visibility: 'public',
          body: 'Still offline.',
          actor: { kind: 'contact', id: world.contacts[anna.address] },
          sourceEmail: expect.objectContaining({ emailId: reply.emailId, messageId: reply.messageId, references: [given.ack], automatic: false }),
          actorName: 'Anna Berg',
          ticket: expect.objectContaining({ channel: 'email', status: 'new', customerName: 'Acme Corporation', contactFirstName: 'Anna', replyMailbox: 'support@helpdesk.example' }),
        }),
      ]);
      const history = await t.call('GET', `/api/tickets/${given.id}/history`, { as: agent });
      expect(history.body.items.map((i: { kind: string }) => i.kind)).toEqual(['created', 'note_added']);
    });

    it('by In-Reply-To to the customer\'s own first email joins too', async () => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: anna, subject: 'Re: Printer', inReplyTo: given.firstMessageId, references: [given.firstMessageId] }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, rule: 'in-reply-to' });
    });

    it('by References only (the system\'s id among others) joins; a colleague of the customer becomes a participant', async () => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: tom, subject: 'AW: Druckerproblem 3. Stock', references: ['<unrelated-thread-123@mail.acme.example>', given.ack] }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, rule: 'references', contactId: world.contacts[tom.address] });
      expect(await participants(given.id)).toEqual([tom.address]);
      expect((await ticket(given.id)).requesterEmail).toBe(anna.address);
      // Once a participant, a second reply adds nobody.
      await deliver(email({ from: tom, subject: 'AW: again', references: [given.ack] }));
      expect(await participants(given.id)).toEqual([tom.address]);
    });

    it('with an unknown In-Reply-To and a known References joins by References', async () => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: tom, subject: 'RE: Printer', inReplyTo: '<LOCAL-internal@outlook.example>', references: [given.ack] }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, rule: 'references' });
    });

    it.each([
      (n: number) => `Re: [Ticket #${n}] Printer on floor 3 is offline`,
      (n: number) => `RE: AW: Fwd: [Ticket#${n}] Printer on floor 3 is offline`,
      (n: number) => `SV: Antw: [ticket #${n}] printer`,
    ])('by the ticket number in the subject joins (%#)', async (subject) => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: anna, subject: subject(given.number) }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, rule: 'subject-number' });
    });

    it('from another helpdesk, acknowledging ours under its own tag shaped like ours ([Ticket #M] first), joins the ticket it quotes: a new ticket would be acknowledged again, and so on for ever', async () => {
      const helpdesk: Address = { address: 'support@otherdesk.example', name: 'Otherdesk' };
      const opened = await deliver(email({ from: helpdesk, subject: 'Order 17 is missing' }));
      expect(opened).toMatchObject({ outcome: 'new-ticket', customerId: null });
      // Its own number: unknown here, or the number of a ticket of someone else (Anna's).
      const annas = await givenTicket();
      for (const theirs of [opened.number + 100_000, annas.number]) {
        const filed = await deliver(email({ from: helpdesk, subject: `[Ticket #${theirs}] [Ticket #${opened.number}] Order 17 is missing` }));
        expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: opened.ticketId, rule: 'subject-number' });
        expect(filed.detail).toContain(`[Ticket #${opened.number}]`);
      }
      expect(await notes(annas.id)).toEqual([]);
    });

    it('whose In-Reply-To names one ticket and subject another joins the first', async () => {
      const t1 = await givenTicket();
      const t2 = await givenTicket({ from: tom, subject: 'Outlook keeps asking for my password' });
      const filed = await deliver(email({ from: anna, subject: `Re: [Ticket #${t2.number}] Outlook keeps asking for my password`, inReplyTo: t1.ack, references: [t1.ack] }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: t1.id, rule: 'in-reply-to' });
      expect(await notes(t2.id)).toEqual([]);
    });

    it('from another customer\'s contact quoting the number or answering the acknowledgement opens a new ticket of their own; the other is untouched', async () => {
      const given = await givenTicket();
      const before = await ticket(given.id);
      const byNumber = await deliver(email({ from: hank, subject: `Re: [Ticket #${given.number}] Printer on floor 3 is offline` }));
      const byHeader = await deliver(email({ from: hank, subject: 'Re: Printer on floor 3 is offline', inReplyTo: given.ack, references: [given.ack] }));
      for (const filed of [byNumber, byHeader]) {
        expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: world.globex, contactId: world.contacts[hank.address], linkedTicketId: null });
        expect(filed.ticketId).not.toBe(given.id);
        expect(filed.detail).toContain('not of that ticket\'s customer');
      }
      expect(await ticket(byNumber.ticketId)).toMatchObject({ subject: `Re: [Ticket #${given.number}] Printer on floor 3 is offline`, customerId: world.globex });
      expect(await ticket(given.id)).toEqual(before);
      expect(await notes(given.id)).toEqual([]);
      expect(await participants(given.id)).toEqual([]);
    });

    it('from an unknown sender on the customer\'s domain makes a contact who joins as a participant', async () => {
      const given = await givenTicket();
      const filed = await deliver(email({ from: { address: 'carla.neu@acme.example', name: 'Carla Neu' }, subject: 'Re: Printer', inReplyTo: given.ack }));
      const [contact] = await customers.rows("SELECT id FROM contacts WHERE email = 'carla.neu@acme.example'");
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, contactId: contact!.id });
      expect(await participants(given.id)).toEqual(['carla.neu@acme.example']);
    });

    it('to a ticket closed 3 days ago reopens it', async () => {
      const given = await givenTicket();
      let current = await t.call('GET', `/api/tickets/${given.id}`, { as: agent });
      current = await t.call('PUT', `/api/tickets/${given.id}/status`, { as: agent, body: { status: 'closed' }, headers: ifMatch(current.body.version) });
      expect(current.status).toBe(200);
      expect((await ticket(given.id)).closedAt).toBeInstanceOf(Date);
      await t.query("UPDATE tickets SET closed_at = now() - interval '3 days' WHERE id = $1", [given.id]);
      const filed = await deliver(email({ from: anna, subject: `Re: [Ticket #${given.number}] Printer`, inReplyTo: given.ack, references: [given.ack] }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id, rule: 'in-reply-to', reopened: true });
      expect(await ticket(given.id)).toMatchObject({ status: 'open', closedAt: null });
      expect(await t.recorded('ticket.reopened', given.id)).toEqual([
        expect.objectContaining({ actor: { kind: 'contact', id: world.contacts[anna.address] }, actorName: 'Anna Berg', ticket: expect.objectContaining({ status: 'open' }) }),
      ]);
      expect((await t.recorded('ticket.status_changed', given.id)).at(-1)).toMatchObject({ from: 'closed', to: 'open', ticket: expect.objectContaining({ status: 'open' }) });
      const history = await t.call('GET', `/api/tickets/${given.id}/history`, { as: agent });
      expect(history.body.items.map((i: { kind: string }) => i.kind)).toEqual(['created', 'status_changed', 'status_changed', 'note_added']);
    });

    it('to a ticket closed 60 days ago opens a new ticket linked to it; the old one stays closed', async () => {
      const given = await givenTicket();
      await t.query("UPDATE tickets SET status = 'closed', closed_at = now() - interval '60 days' WHERE id = $1", [given.id]);
      const before = await ticket(given.id);
      const filed = await deliver(email({ from: anna, subject: `Re: [Ticket #${given.number}] Printer`, inReplyTo: given.ack, references: [given.ack] }));
      expect(filed).toMatchObject({ outcome: 'new-ticket', customerId: world.acme, linkedTicketId: given.id, reopened: false });
      expect(await ticket(filed.ticketId)).toMatchObject({ linkedTicketId: given.id, requesterEmail: anna.address, subject: `Re: [Ticket #${given.number}] Printer` });
      expect(await ticket(given.id)).toEqual(before);
      expect(await t.recorded('ticket.reopened', given.id)).toEqual([]);
    });
  });

  describe('mail the system has already', () => {
    it('with a Message-ID the system issued is its own mail: nothing is filed', async () => {
      const given = await givenTicket();
      const before = await ticket(given.id);
      const tickets = await t.query('SELECT count(*)::int AS n FROM tickets');
      const filed = await deliver(email({ from: { address: 'support@helpdesk.example', name: 'Helpdesk' }, subject: `[Ticket #${given.number}] Printer`, messageId: given.ack }));
      expect(filed).toMatchObject({ outcome: 'own-mail', ticketId: given.id, number: given.number, noteId: null });
      expect(await t.query('SELECT count(*)::int AS n FROM tickets')).toEqual(tickets);
      expect(await ticket(given.id)).toEqual(before);
    });

    it('with a Message-ID already received (another account, a resend) is a duplicate: nothing is filed', async () => {
      const given = await givenTicket();
      const before = await ticket(given.id);
      const filed = await deliver(email({ ...given.first, emailId: randomUUID(), emailAccountId: otherAccountId, mailbox: 'sales@helpdesk.example' }));
      expect(filed).toMatchObject({ outcome: 'duplicate', ticketId: given.id, emailAccountId: otherAccountId });
      expect(await ticket(given.id)).toEqual(before);
      expect(await notes(given.id)).toEqual([]);
    });

    it('compares Message-IDs with the domain in any case', async () => {
      const given = await givenTicket();
      const [local, domain] = given.ack.slice(1, -1).split('@');
      const filed = await deliver(email({ from: anna, subject: 'Re: x', inReplyTo: `<${local}@${domain!.toUpperCase()}>` }));
      expect(filed).toMatchObject({ outcome: 'joined-ticket', ticketId: given.id });
    });
  });

  describe('exactly once', () => {
    it('a redelivered event changes nothing; an email announced again gets the same answer and nothing more', async () => {
      const mail = email({ from: anna, subject: 'Keyboard missing keys' });
      const event = await t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail);
      const filed = await waitFor(async () => (await filedEvents(mail.emailId))[0], { what: 'filed' });
      await bus.publish(event);
      // mail-ingest retrying: the same email in a new event.
      await t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail);
      await waitFor(async () => (await filedEvents(mail.emailId)).length === 2, { what: 'the second answer' });
      // The service takes deliveries in order: the redelivery was handled (as already applied) before the second announcement was answered.
      const answers = await filedEvents(mail.emailId);
      expect(answers[1]).toEqual(answers[0]);
      expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = $1', [mail.emailId])).toEqual([{ n: 1 }]);
      expect(await t.recorded('ticket.created', filed.ticketId)).toHaveLength(1);
    });

    it('the same Message-ID on two accounts at once: one ticket, one duplicate', async () => {
      const messageId = `<race-${randomUUID()}@acme.example>`;
      const mails = [accountId, otherAccountId].map((account) => email({ from: anna, subject: 'Race', messageId, emailAccountId: account }));
      await Promise.all(mails.map((mail) => t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail)));
      const outcomes = await Promise.all(mails.map((mail) => waitFor(async () => (await filedEvents(mail.emailId))[0], { what: 'filed' })));
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'new-ticket']);
      expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = ANY($1::uuid[])', [mails.map((m) => m.emailId)])).toEqual([{ n: 1 }]);
    });
  });

  describe('several instances', () => {
    it('file the same Message-ID delivered to two accounts at once as one ticket and one duplicate, every time', async () => {
      const secondHandled: Array<Record<string, unknown>> = [];
      const second = await startTestService(ticketsService, {
        loadConfig,
        busPrefix,
        databaseUrl: t.service.databaseUrl,
        log: createLogger({ service: 'tickets-2', level: 'debug', destination: { write: (line: string) => void secondHandled.push(JSON.parse(line)) } }),
        env: { CUSTOMERS_INTERNAL_URL: customers.service.internalUrl! },
      });
      try {
        await second.bus.waitUntilConnected();
        const pairs = Array.from({ length: 20 }, () => {
          const messageId = `<pair-${randomUUID()}@acme.example>`;
          return [accountId, otherAccountId].map((account) => email({ from: anna, subject: 'Pair', messageId, emailAccountId: account }));
        });
        await Promise.all(pairs.flat().map((mail) => t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail)));
        for (const pair of pairs) {
          const outcomes = await Promise.all(pair.map((mail) => waitFor(async () => (await filedEvents(mail.emailId))[0], { what: 'filed' })));
          expect(outcomes.map((o) => o.outcome).sort()).toEqual(['duplicate', 'new-ticket']);
          expect(outcomes[0]!.ticketId).toBe(outcomes[1]!.ticketId);
        }
        const emailIds = pairs.flat().map((m) => m.emailId);
        expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = ANY($1::uuid[])', [emailIds])).toEqual([{ n: 20 }]);
        // The second instance took its share (competing consumers on one queue): otherwise this would prove nothing about two.
        expect(secondHandled.filter((line) => line.eventType === 'inbound_email.received' && line.applied === true).length).toBeGreaterThan(0);
      } finally {
        await second.stop();
      }
    });
  });

  describe('the customers\' email domains', () => {
    it('follow customer.updated: a domain added later makes the next unknown sender a contact', async () => {
      const filedBefore = await deliver(email({ from: { address: 'x@later.example', name: 'Xavier Later' } }));
      expect(filedBefore).toMatchObject({ customerId: null });
      await customers.api('PATCH', `/api/customers/${world.globex}`, { emailDomains: ['globex.example', 'globex-mail.example', 'later.example'] });
      await waitFor(async () => (await t.query(`SELECT 1 FROM customers WHERE 'later.example' = ANY(email_domains)`)).length === 1, { what: 'the new domain projected' });
      const filedAfter = await deliver(email({ from: { address: 'y@later.example', name: 'Yvonne Later' } }));
      expect(filedAfter).toMatchObject({ customerId: world.globex, contactId: expect.any(String) });
    });
  });
});
