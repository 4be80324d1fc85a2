import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { inboundEmailReceivedV1, outgoingEmailQueuedV1, type EventData } from '@helpdesk/contracts-schema';
import { newTestBusPrefix, waitFor } from '@helpdesk/testing';
import { loadCorpus, loadWorld, renderMessage, substitute, type CorpusCase, type RunValues } from '../../mail-ingest/test/corpus/corpus';
import { startTickets, type TicketsTestService } from './helpers';
import { startCustomersService } from './inbound-email-support';

type Received = EventData<typeof inboundEmailReceivedV1>;

/**
 * The corpus cases whose outcome the tickets service decides (services/mail-ingest/test/corpus,
 * the threading and sender cases 15-28, 39, 44, 52-56): each message is rendered and parsed as
 * mail-ingest would, its given tickets are made first (opened by an email of their requester, with
 * the Message-IDs the case says were received and an acknowledgement the system issued), and the
 * filing must be the case's expected record, ticket, rule, reopening, link, customer, requester, new
 * contact, participants and subject. Case 43 (a duplicate without Message-ID) is mail-ingest's alone:
 * it recognises it by its header hash, and the tickets service never sees it.
 */
const ticketsDecides = /^(1[5-9]|2[0-8]|39|44|5[2-6])-/;

describe('filing the corpus cases the tickets service decides', () => {
  const world = loadWorld();
  const cases = loadCorpus().filter((c) => ticketsDecides.test(c.name));
  const busPrefix = newTestBusPrefix();
  const accountId = randomUUID();
  const customerIds: Record<string, string> = {};
  let customers: Awaited<ReturnType<typeof startCustomersService>>;
  let t: TicketsTestService;

  beforeAll(async () => {
    customers = await startCustomersService(busPrefix);
    t = await startTickets({ busPrefix, customersUrl: customers.service.internalUrl! });
    let contacts = 0;
    for (const customer of world.customers) {
      customerIds[customer.key] = (await customers.api('POST', '/api/customers', { name: customer.name, emailDomains: customer.emailDomains })).id;
      for (const contact of customer.contacts) {
        const space = contact.name.lastIndexOf(' ');
        await customers.api('POST', `/api/customers/${customerIds[customer.key]}/contacts`, { firstName: contact.name.slice(0, space), lastName: contact.name.slice(space + 1), email: contact.email });
        contacts += 1;
      }
    }
    await waitFor(async () => (await t.query('SELECT count(*)::int AS n FROM contacts WHERE email IS NOT NULL'))[0]!.n === contacts, { what: 'the world projected' });
  }, 60_000);

  afterAll(async () => {
    await customers?.service.stop();
    await customers?.service.dropDatabase();
    await t?.stop();
  });

  async function filed(emailId: string): Promise<Record<string, any>> {
    return waitFor(
      async () => (await t.query<{ data: Record<string, any> }>("SELECT payload->'data' AS data FROM outbox WHERE event_type = 'inbound_email.filed' AND payload->'data'->>'emailId' = $1", [emailId]))[0]?.data,
      { what: `email ${emailId} filed` },
    );
  }

  async function deliver(data: Received) {
    await t.publish(inboundEmailReceivedV1, { id: data.emailId, version: 1 }, data);
    return filed(data.emailId);
  }

  const addresses = (field: AddressObject | AddressObject[] | undefined) =>
    (Array.isArray(field) ? field : field ? [field] : []).flatMap((list) => list.value).filter((a) => a.address).map((a) => ({ address: a.address!, name: a.name || null }));

  /** The event mail-ingest would publish for the rendered message. */
  async function eventOf(corpusCase: CorpusCase, values: RunValues): Promise<Received> {
    const parsed = await simpleParser(renderMessage(corpusCase, values));
    const [from] = addresses(parsed.from);
    const references = typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []);
    return {
      emailId: randomUUID(),
      emailAccountId: accountId,
      mailbox: world.system.mailbox,
      receivedAt: new Date().toISOString(),
      defaults: { teamId: null, priority: 'normal' },
      messageId: parsed.messageId ?? null,
      inReplyTo: parsed.inReplyTo ?? null,
      references,
      from: from!,
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      date: parsed.date?.toISOString() ?? null,
      text: parsed.text ?? '',
      html: null,
      truncated: false,
      attachments: [],
      automatic: null,
    };
  }

  /** The case's given tickets, as they would be: opened by their requester's email, with what was received and issued on them. */
  async function givenTickets(corpusCase: CorpusCase) {
    const values: RunValues = { tickets: {}, maxMessageBytes: world.settings.maxMessageBytes };
    const ids: Record<string, string> = {};
    for (const given of corpusCase.expected.given.tickets) {
      // Each case starts from its own world: the Message-IDs it says were received belong to its tickets only.
      // (Also as referenced by earlier cases' replies: an email whose Message-ID a ticket's email referenced joins that ticket.)
      await t.query('DELETE FROM ticket_message_ids WHERE message_id = ANY($1::text[])', [given.receivedMessageIds]);
      await t.query('DELETE FROM ticket_referenced_message_ids WHERE message_id = ANY($1::text[])', [given.receivedMessageIds]);
      const opened = await deliver({
        ...(await eventOf({ ...corpusCase, source: Buffer.from(`From: x <${given.requester}>\nSubject: ${given.subject}\n\nfirst\n`) }, values)),
        messageId: given.receivedMessageIds[0] ?? null,
      });
      expect(opened.outcome).toBe('new-ticket');
      ids[given.ref] = opened.ticketId;
      for (const messageId of given.receivedMessageIds.slice(1)) {
        await t.query("INSERT INTO ticket_message_ids (message_id, ticket_id, source) VALUES ($1, $2, 'received')", [messageId, opened.ticketId]);
      }
      for (const participant of given.participants) await t.query('INSERT INTO ticket_participants (ticket_id, email) VALUES ($1, $2)', [opened.ticketId, participant]);
      if (given.status !== 'open') {
        await t.query("UPDATE tickets SET status = $2::text, closed_at = CASE WHEN $2::text = 'closed' THEN now() - make_interval(days => $3::int) END WHERE id = $1", [opened.ticketId, given.status, given.closedDaysAgo ?? 0]);
      }
      const ack = `<ack-${randomUUID()}@${world.system.messageIdDomain}>`;
      await t.publish(outgoingEmailQueuedV1, { id: randomUUID(), version: 1 }, { outgoingEmailId: randomUUID(), messageId: ack, kind: 'ticket_acknowledgement', ticketId: opened.ticketId });
      await waitFor(async () => (await t.query('SELECT 1 FROM ticket_message_ids WHERE message_id = $1', [ack])).length === 1, { what: 'the acknowledgement kept' });
      values.tickets[given.ref] = { number: opened.number, messageId: ack };
    }
    return { values, ids };
  }

  const ticketRow = async (id: string) =>
    (await t.query<Record<string, any>>('SELECT id, subject, status, customer_id AS "customerId", requester_email AS "requesterEmail", linked_ticket_id AS "linkedTicketId", version FROM tickets WHERE id = $1', [id]))[0]!;
  const participantsOf = async (id: string) => (await t.query<{ email: string }>('SELECT email FROM ticket_participants WHERE ticket_id = $1', [id])).map((r) => r.email).sort();

  it('covers the cases it names', () => {
    expect(cases.map((c) => c.name.slice(0, 2))).toEqual(['15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '39', '44', '52', '53', '54', '55', '56']);
  });

  for (const corpusCase of loadCorpus().filter((c) => ticketsDecides.test(c.name))) {
    it(`${corpusCase.name}: ${corpusCase.expected.title}`, async () => {
      const expected = corpusCase.expected.expected;
      const { values, ids } = await givenTickets(corpusCase);
      const before = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([ref, id]) => [ref, { row: await ticketRow(id), participants: await participantsOf(id) }] as const)));
      const event = await eventOf(corpusCase, values);
      for (let i = 0; i < (corpusCase.expected.given.earlierDeliveries ?? 0); i += 1) {
        expect((await deliver({ ...event, emailId: randomUUID() })).outcome).toBe('new-ticket');
      }
      const outcome = await deliver(event);
      expect(outcome.outcome).toBe(expected.record);
      expect(event.subject).toBe(substitute(expected.subject ?? '', values));

      if (expected.record === 'joined-ticket') {
        const ticketId = ids[expected.ticket!]!;
        expect(outcome).toMatchObject({ ticketId, rule: expected.rule, reopened: expected.reopened ?? false });
        const after = await ticketRow(ticketId);
        expect(after.requesterEmail).toBe(expected.requester ?? before[expected.ticket!]!.row.requesterEmail);
        if (expected.reopened) expect(after.status).toBe('open');
        const added = (await participantsOf(ticketId)).filter((p) => !before[expected.ticket!]!.participants.includes(p));
        expect(added).toEqual([...(expected.participantsAdded ?? [])].sort());
      }
      if (expected.record === 'new-ticket') {
        expect(Object.values(ids)).not.toContain(outcome.ticketId);
        const created = await ticketRow(outcome.ticketId);
        expect(created).toMatchObject({
          customerId: expected.customer === null ? null : customerIds[expected.customer!],
          requesterEmail: expected.requester,
          subject: substitute(expected.ticketSubject!, values),
          linkedTicketId: expected.linkedTo ? ids[expected.linkedTo] : null,
        });
        expect(await participantsOf(outcome.ticketId)).toEqual([...(expected.participantsAdded ?? [])].sort());
        // Every other given ticket is untouched (a reference to another customer's ticket changes nothing there).
        for (const [ref, id] of Object.entries(ids)) expect(await ticketRow(id)).toEqual(before[ref]!.row);
      }
      if (expected.record === 'own-mail' || expected.record === 'duplicate') {
        for (const [ref, id] of Object.entries(ids)) expect(await ticketRow(id)).toEqual(before[ref]!.row);
      }
      if (expected.newContact) {
        const [contact] = await customers.rows('SELECT customer_id AS "customerId", first_name || \' \' || last_name AS name FROM contacts WHERE email = $1', [expected.newContact.email]);
        expect(contact).toEqual({ customerId: customerIds[expected.newContact.customer], name: expected.newContact.name });
        expect(outcome.contactId).toEqual(expect.any(String));
      }
    });
  }
});
