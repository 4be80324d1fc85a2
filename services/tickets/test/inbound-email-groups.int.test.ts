import { randomUUID } from 'node:crypto';
import { createEvent, inboundEmailReceivedV1, outgoingEmailQueuedV1, type Envelope } from '@helpdesk/contracts-schema';
import { waitFor } from '@helpdesk/testing';
import { mailEventGroups } from '../src/events/on-inbound-email';
import { startTickets, type TicketsTestService } from './helpers';
import { filedEvents as filedEventsOf, inboundEmails, type Address, type Received } from './inbound-email-support';

/**
 * Mail events that arrive together (issue 11 throughput) are applied as a group: the emails of a
 * group filed in one transaction, the system's own Message-IDs (outgoing_email.queued) kept in one
 * statement, each event still applied exactly once with the outcome it has alone. The groups are
 * handed to the service's group handler as the runtime would (`groupCalls`), or published on the bus
 * where the runtime forms them. Senders are on no customer's domain: no customers service is asked.
 */
describe('filing mail events in groups', () => {
  let t: TicketsTestService;

  beforeAll(async () => {
    t = await startTickets({ env: { BUS_DELIVERY_LIMIT: '1' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const email = inboundEmails('group', () => ({ date: null }));
  const nobody = (name: string): Address => ({ address: `${name}-${randomUUID().slice(0, 8)}@nowhere.example`, name: null });
  const received = (mail: Received): Envelope => createEvent(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail, { producer: 'mail-ingest', correlationId: randomUUID() });
  const queued = (messageId: string, ticketId: string | null): Envelope =>
    createEvent(outgoingEmailQueuedV1, { id: randomUUID(), version: 1 }, { outgoingEmailId: randomUUID(), messageId, kind: 'ticket_acknowledgement', ticketId }, { producer: 'notifier', correlationId: randomUUID() });
  const handleGroup = (events: Envelope[]) => mailEventGroups.handleGroup(events, t.service);
  const filedEvents = (mail: Received) => filedEventsOf(t, mail.emailId);
  /** The transactions that wrote these rows: one id per transaction. */
  const transactionsOf = async (table: 'processed_events' | 'inbound_email_filings', column: 'event_id' | 'email_id', ids: string[]) =>
    (await t.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${table} WHERE ${column} = ANY($1::uuid[])`, [ids]))[0]!.n;

  it('files a new email, a reply to it, a duplicate of it and a redelivery in one group: each once, in one transaction', async () => {
    const sender = nobody('thread');
    const first = email({ from: sender, subject: 'Printer' });
    const reply = email({ from: sender, subject: 'Re: Printer', inReplyTo: first.messageId, references: [first.messageId!] });
    const duplicate = { ...first, emailId: randomUUID() };
    const firstEvent = received(first);
    const group = [firstEvent, received(reply), received(duplicate), firstEvent];

    const applied = await handleGroup(group);

    expect([...applied].sort()).toEqual(group.slice(0, 3).map((event) => event.id).sort());
    const [firstFiled] = await filedEvents(first);
    expect(firstFiled).toMatchObject({ outcome: 'new-ticket', customerId: null });
    expect(await filedEvents(first)).toHaveLength(1);
    expect(await filedEvents(reply)).toEqual([expect.objectContaining({ outcome: 'joined-ticket', ticketId: firstFiled!.ticketId, rule: 'in-reply-to' })]);
    expect(await filedEvents(duplicate)).toEqual([expect.objectContaining({ outcome: 'duplicate', ticketId: firstFiled!.ticketId })]);
    expect(await t.recorded('ticket.created', firstFiled!.ticketId)).toHaveLength(1);
    expect(await t.recorded('ticket.note_added', firstFiled!.ticketId)).toHaveLength(1);
    // One transaction for the group (not one per email): what it recorded committed together.
    expect(await transactionsOf('inbound_email_filings', 'email_id', [first.emailId, reply.emailId, duplicate.emailId])).toBe(1);
    expect(await transactionsOf('processed_events', 'event_id', group.map((event) => event.id))).toBe(1);

    // The whole group delivered again changes nothing.
    expect(await handleGroup(group)).toEqual([]);
    expect(await filedEvents(first)).toHaveLength(1);
    expect(await filedEvents(reply)).toHaveLength(1);
  });

  it('keeps the Message-IDs of a group of outgoing_email.queued in one statement: once, only for tickets it has, before the group\'s emails', async () => {
    const sender = nobody('ack');
    const opening = email({ from: sender, subject: 'Scanner' });
    await handleGroup([received(opening)]);
    const [{ ticketId }] = (await filedEvents(opening)) as [{ ticketId: string }];
    const acknowledgement = `<ack-${randomUUID()}@helpdesk.example>`;
    const toUnknownTicket = `<ack-${randomUUID()}@helpdesk.example>`;
    const invitation = `<invite-${randomUUID()}@helpdesk.example>`;
    const acknowledged = queued(acknowledgement, ticketId);
    const answer = email({ from: sender, subject: 'Re: Scanner', inReplyTo: acknowledgement, references: [acknowledgement] });
    const group = [acknowledged, queued(toUnknownTicket, randomUUID()), queued(invitation, null), acknowledged, received(answer)];

    const applied = await handleGroup(group);

    expect([...applied].sort()).toEqual([group[0]!, group[1]!, group[2]!, group[4]!].map((event) => event.id).sort());
    const kept = await t.query('SELECT message_id AS "messageId", ticket_id AS "ticketId", source FROM ticket_message_ids WHERE message_id = ANY($1::text[])', [
      [acknowledgement, toUnknownTicket, invitation],
    ]);
    expect(kept).toEqual([{ messageId: acknowledgement, ticketId, source: 'issued' }]);
    expect(await transactionsOf('processed_events', 'event_id', group.slice(0, 3).map((event) => event.id))).toBe(1);
    // The answer in the same group found the acknowledgement's Message-ID: the queued events go first.
    expect(await filedEvents(answer)).toEqual([expect.objectContaining({ outcome: 'joined-ticket', ticketId, rule: 'in-reply-to' })]);

    expect(await handleGroup(group)).toEqual([]);
    const ownMail = email({ from: { address: 'support@helpdesk.example', name: null }, messageId: acknowledgement, subject: 'Your ticket' });
    await handleGroup([received(ownMail)]);
    expect(await filedEvents(ownMail)).toEqual([expect.objectContaining({ outcome: 'own-mail', ticketId })]);
  });

  it('a group with an email the database refuses fails as a whole, and then only that email fails', async () => {
    const good = [email({ from: nobody('good') }), email({ from: nobody('good') })];
    // PostgreSQL stores no NUL character in text: this email cannot be filed.
    const refused = email({ from: nobody('refused'), text: 'before\u0000after' });
    const group = [good[0]!, refused, good[1]!];

    await expect(handleGroup(group.map(received))).rejects.toThrow();
    for (const mail of group) expect(await filedEvents(mail)).toEqual([]);

    // On the bus the runtime runs a group that failed again one event at a time.
    await Promise.all(group.map((mail) => t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail)));
    for (const mail of good) {
      await waitFor(async () => (await filedEvents(mail)).length > 0, { what: `email ${mail.emailId} filed` });
      expect(await filedEvents(mail)).toEqual([expect.objectContaining({ outcome: 'new-ticket' })]);
    }
    expect(await filedEvents(refused)).toEqual([]);
  });
});
