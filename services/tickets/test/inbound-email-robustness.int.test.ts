import { randomUUID } from 'node:crypto';
import { customerCreatedV1, inboundEmailReceivedV1 } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import { startTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { ticketsService } from '../src/service';
import { startFakeCustomers, startTickets, type TicketsTestService } from './helpers';
import { filedEvents as filedEventsOf, inboundEmails, type Address, type Received } from './inbound-email-support';


/**
 * Filing never loses an email over its sender (review of integ, item 1) or splits a thread over the
 * order in which its emails arrive (item 5). BUS_DELIVERY_LIMIT is 1: a failure that is not an outage
 * dead-letters the event at once, so an email that cannot be filed shows here as never filed.
 */
describe('filing inbound email: any sender, any order', () => {
  let t: TicketsTestService;
  let customers: Awaited<ReturnType<typeof startFakeCustomers>>;
  const customerId = randomUUID();
  const domain = `acme-${randomUUID().slice(0, 8)}.example`;
  /** How the stand-in customers service answers, by the sender's address; a contact of the customer otherwise. */
  const answers = new Map<string, Array<{ status: number; body?: unknown }>>();

  beforeAll(async () => {
    customers = await startFakeCustomers(({ body }) => {
      const email = (body as { email: string }).email;
      const queued = answers.get(email);
      if (queued && queued.length > 0) return queued.length > 1 ? queued.shift()! : queued[0]!;
      return { status: 201, body: { id: randomUUID(), customerId, email } };
    });
    t = await startTickets({ customersUrl: customers.url, env: { BUS_DELIVERY_LIMIT: '1' } });
    await t.projected(
      'customers',
      await t.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: 'Acme', portalTicketVisibility: 'own', groupId: null, emailDomains: [domain] }),
    );
  });
  afterAll(async () => {
    await t?.stop();
    await customers?.close();
  });

  const email = inboundEmails('robust', () => ({ date: null }));

  const filedEvents = (emailId: string) => filedEventsOf(t, emailId);
  const filed = (mail: Received) => waitFor(async () => (await filedEvents(mail.emailId))[0], { what: `email ${mail.emailId} (from ${mail.from.address}) filed` });
  async function deliver(mail: Received): Promise<Record<string, any>> {
    await t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail);
    return filed(mail);
  }
  const requesterOf = async (ticketId: string) => (await t.query<{ r: string }>('SELECT requester_email AS r FROM tickets WHERE id = $1', [ticketId]))[0]!.r;
  const callsFor = (address: string) => customers.requests.filter((r) => (r.body as { email?: string } | undefined)?.email === address).length;

  describe('a sender that is a mailbox but no ASCII `format: email` (item 1)', () => {
    const long = `${'l'.repeat(64)}@${'sub.'.repeat(58)}nowhere.example`;

    it.each([
      ['a UTF-8 local part', 'jürgen@nowhere.example'],
      ['a quoted local part', '"john doe"@nowhere.example'],
      ['an IDN domain as decoded', 'info@münchen.example'],
      [`${long.length} characters`, long],
    ])('with %s is filed as a new unassigned ticket and published in ticket.created', async (_, address) => {
      expect(address.length).toBeLessThanOrEqual(320);
      const mail = email({ from: { address, name: null } });
      const outcome = await deliver(mail);
      expect(outcome).toMatchObject({ outcome: 'new-ticket', customerId: null, contactId: null });
      expect(await requesterOf(outcome.ticketId)).toBe(address.toLowerCase());
      expect(await t.recorded('ticket.created', outcome.ticketId)).toEqual([expect.objectContaining({ requesterEmail: address.toLowerCase(), customerId: null })]);
    });
  });

  describe('the customers service refusing to add the sender on a customer\'s domain (item 1)', () => {
    it.each([
      [400, 'The email address is not valid.'],
      [404, 'No such customer.'],
      [409, 'The address is a contact of another customer.'],
    ])('with %i is a final answer: the email is filed unassigned with the reason, asked once', async (status, detail) => {
      const address = `refused-${status}-${randomUUID().slice(0, 8)}@${domain}`;
      answers.set(address, [{ status, body: { type: 'about:blank', title: 'Refused', status, detail } }]);
      const mail = email({ from: { address, name: 'Refused Sender' } });
      const outcome = await deliver(mail);
      expect(outcome).toMatchObject({ outcome: 'new-ticket', customerId: null, contactId: null });
      expect(outcome.detail).toContain(`refused to add ${address} as a contact of customer ${customerId} (${status}: ${detail})`);
      expect(outcome.detail).toContain('filed unassigned');
      expect(callsFor(address)).toBe(1);
      expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = $1', [mail.emailId])).toEqual([{ n: 1 }]);

      // Their reply threads onto that unassigned ticket (asked again, refused again: the same answer).
      const reply = email({ from: { address, name: 'Refused Sender' }, inReplyTo: mail.messageId, references: [mail.messageId!], subject: 'Re: more' });
      expect(await deliver(reply)).toMatchObject({ outcome: 'joined-ticket', ticketId: outcome.ticketId, rule: 'in-reply-to' });
    });

    it('with 5xx is an outage: the email is held and filed under the new contact once they answer', async () => {
      const address = `flaky-${randomUUID().slice(0, 8)}@${domain}`;
      const contactId = randomUUID();
      answers.set(address, [
        { status: 503, body: { title: 'Unavailable', status: 503, detail: 'database down' } },
        { status: 500, body: { title: 'Internal', status: 500, detail: 'oops' } },
        { status: 201, body: { id: contactId, customerId, email: address } },
      ]);
      const outcome = await deliver(email({ from: { address, name: 'Flaky Times' } }));
      expect(outcome).toMatchObject({ outcome: 'new-ticket', customerId, contactId });
      expect(callsFor(address)).toBe(3);
    });
  });

  describe('a reply filed before the email it answers (item 5)', () => {
    const nobody = (name: string): Address => ({ address: `${name}-${randomUUID().slice(0, 8)}@nowhere.example`, name: null });

    it('one after the other: the earlier email, arriving later, joins the reply\'s ticket (rule references)', async () => {
      const sender = nobody('thread');
      const first = email({ from: sender, subject: 'Printer' });
      const reply = email({ from: sender, subject: 'Re: Printer', inReplyTo: first.messageId, references: [first.messageId!] });
      const replyFiled = await deliver(reply);
      expect(replyFiled.outcome).toBe('new-ticket');
      const firstFiled = await deliver(first);
      expect(firstFiled).toMatchObject({ outcome: 'joined-ticket', ticketId: replyFiled.ticketId, rule: 'references' });
      expect(firstFiled.detail).toContain(`${first.messageId}`);
      // Its Message-ID is now the ticket's: a third email answering the first joins there too.
      const third = email({ from: sender, subject: 'Re: Printer', inReplyTo: first.messageId, references: [first.messageId!] });
      expect(await deliver(third)).toMatchObject({ outcome: 'joined-ticket', ticketId: replyFiled.ticketId, rule: 'in-reply-to' });
    });

    it('but not across customers: the earlier email of another customer\'s sender opens its own ticket', async () => {
      const first = email({ from: { address: `someone-${randomUUID().slice(0, 8)}@${domain}`, name: 'Some One' }, subject: 'Printer' });
      const reply = email({ from: nobody('outsider'), subject: 'Re: Printer', references: [first.messageId!] });
      const replyFiled = await deliver(reply);
      const firstFiled = await deliver(first);
      expect(firstFiled).toMatchObject({ outcome: 'new-ticket', customerId });
      expect(firstFiled.ticketId).not.toBe(replyFiled.ticketId);
    });

    it('at once on two instances: each email and its reply end on one ticket, every time', async () => {
      const secondHandled: Array<Record<string, unknown>> = [];
      const second = await startTestService(ticketsService, {
        loadConfig,
        busPrefix: t.busPrefix,
        databaseUrl: t.service.databaseUrl,
        log: createLogger({ service: 'tickets-2', level: 'debug', destination: { write: (line: string) => void secondHandled.push(JSON.parse(line)) } }),
        env: { CUSTOMERS_INTERNAL_URL: customers.url, BUS_DELIVERY_LIMIT: '1' },
      });
      try {
        await second.bus.waitUntilConnected();
        const pairs = Array.from({ length: 20 }, (_, i) => {
          const sender = nobody(`pair${i}`);
          const first = email({ from: sender, subject: `Pair ${i}` });
          const reply = email({ from: sender, subject: `Re: Pair ${i}`, inReplyTo: first.messageId, references: [first.messageId!] });
          // Half of them with the reply announced first.
          return i % 2 === 0 ? [reply, first] : [first, reply];
        });
        await Promise.all(pairs.flat().map((mail) => t.publish(inboundEmailReceivedV1, { id: mail.emailId, version: 1 }, mail)));
        for (const pair of pairs) {
          const outcomes = await Promise.all(pair.map(filed));
          expect(outcomes.map((o) => o.outcome).sort()).toEqual(['joined-ticket', 'new-ticket']);
          expect(outcomes[0]!.ticketId).toBe(outcomes[1]!.ticketId);
        }
        const emailIds = pairs.flat().map((m) => m.emailId);
        expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = ANY($1::uuid[])', [emailIds])).toEqual([{ n: 20 }]);
        expect(secondHandled.filter((line) => line.eventType === 'inbound_email.received' && line.applied === true).length).toBeGreaterThan(0);
      } finally {
        await second.stop();
      }
    });
  });
});
