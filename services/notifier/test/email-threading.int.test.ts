import { randomUUID } from 'node:crypto';
import { Bus } from '@helpdesk/bus';
import { createLogger } from '@helpdesk/logging';
import {
  inboundEmailBouncedV1,
  type Envelope,
  portalInvitationIssuedV1,
  ticketCreatedV1,
  type EventData,
} from '@helpdesk/contracts-schema';
import {
  deleteBusTopology,
  newTestBusPrefix,
  queryDatabase,
  startTestPublisher,
  startTestService,
  startTestSmtp,
  testEnvironment,
  waitFor,
  watchEvents,
  type ReceivedMail,
} from '@helpdesk/testing';
import { notifierService } from '../src/service';
import { loadConfig } from '../src/config';

type TicketCreated = EventData<typeof ticketCreatedV1>;

const mailFrom = 'Support <help@Support.example>';

/**
 * Issue 11, the notifier's part: answers in the thread of the email a ticket came from, never answers
 * automatic mail, names its loop domain in every email, announces every queued email, records bounces.
 * A real SMTP server, PostgreSQL and RabbitMQ; the tickets and mail-ingest services are stood in for by a publisher.
 */
describe('the notifier answers email in its thread and records bounces', () => {
  const busPrefix = newTestBusPrefix();
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let notifier: Awaited<ReturnType<typeof startTestService<any, any, any>>>;
  let publisher: Awaited<ReturnType<typeof startTestPublisher>>;
  let announced: Awaited<ReturnType<typeof watchEvents>>;
  let redeliverer: Bus;
  const redeliver = (event: Envelope) => redeliverer.publish(event);

  beforeAll(async () => {
    smtp = await startTestSmtp();
    announced = await watchEvents(busPrefix, ['outgoing_email.queued']);
    notifier = await startTestService(notifierService, { loadConfig, busPrefix, env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', MAIL_FROM: mailFrom } });
    publisher = await startTestPublisher(busPrefix, 'notifier-threading-test');
    redeliverer = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'redeliverer' });
    redeliverer.start();
    await redeliverer.waitUntilConnected();
  });
  afterAll(async () => {
    await publisher.stop();
    await redeliverer.stop();
    await announced.close();
    await notifier.stop();
    await notifier.dropDatabase();
    await smtp.close();
    await deleteBusTopology(busPrefix);
  });

  const sourceEmail = (requester: string, automatic = false) => ({
    emailId: randomUUID(),
    emailAccountId: randomUUID(),
    mailbox: 'support@acme.example',
    from: requester,
    messageId: `<${randomUUID()}@customer.example>`,
    references: ['<first@customer.example>', '<second@customer.example>'],
    automatic,
  });
  const ticketFromEmail = (requester: string, number: number, automatic = false): TicketCreated => ({
    ...ticketCreatedV1.example,
    ticketId: randomUUID(),
    number,
    subject: 'The printer is on fire',
    requesterEmail: requester,
    createdBy: { kind: 'email', id: randomUUID() },
    channel: 'email',
    sourceEmail: sourceEmail(requester, automatic),
  });
  const publishTicket = (ticket: TicketCreated) => publisher.publish(ticketCreatedV1, { id: ticket.ticketId, version: 1 }, ticket);
  const mailTo = (address: string) => smtp.waitForMail((mail) => mail.to.includes(address));
  const header = (mail: ReceivedMail, name: string) => mail.parsed.headers.get(name.toLowerCase());
  const handled = (eventId: string) =>
    waitFor(async () => (await queryDatabase(notifier.databaseUrl, `SELECT 1 FROM processed_events WHERE consumer = 'notifier' AND event_id = $1`, [eventId])).length === 1, {
      what: 'the event to be handled',
    });
  const emailRow = async (messageId: string) =>
    (await queryDatabase<Record<string, unknown>>(notifier.databaseUrl, 'SELECT * FROM outgoing_emails WHERE message_id = $1', [messageId]))[0];

  it('acknowledges a ticket opened by an email in its thread, from the system, Reply-To the mailbox it reached, and announces it with its ticket', async () => {
    const ticket = ticketFromEmail('dana@customer.example', 501);
    const event = await publishTicket(ticket);
    const mail = await mailTo('dana@customer.example');

    const source = ticket.sourceEmail!;
    expect(mail.parsed.subject).toBe('[Ticket #501] The printer is on fire');
    expect(mail.parsed.inReplyTo).toBe(source.messageId);
    expect(mail.parsed.references).toEqual(['<first@customer.example>', '<second@customer.example>', source.messageId]);
    expect(mail.parsed.replyTo?.value.map((address) => address.address)).toEqual(['support@acme.example']);
    expect(mail.parsed.from?.value.map((address) => address.address)).toEqual(['help@support.example']);
    expect(header(mail, 'X-Helpdesk-Loop')).toBe('support.example');
    expect(header(mail, 'Auto-Submitted')).toBe('auto-replied');
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@support\.example>$/);

    const row = await emailRow(mail.parsed.messageId!);
    expect(row).toMatchObject({
      ticket_id: ticket.ticketId,
      in_reply_to: source.messageId,
      reference_ids: `<first@customer.example> <second@customer.example> ${source.messageId}`,
      reply_to: 'support@acme.example',
    });
    const queued = await waitFor(() => announced.received.find((e) => e.data.messageId === mail.parsed.messageId), { what: 'outgoing_email.queued' });
    expect(queued).toMatchObject({
      type: 'outgoing_email.queued',
      aggregate: { type: 'outgoing_email', id: row!.id, version: 1 },
      data: { outgoingEmailId: row!.id, messageId: mail.parsed.messageId, kind: 'automation:A02', ticketId: ticket.ticketId },
      correlationId: 'notifier-threading-test',
      causationId: event.id,
    });
  });

  it('announces an email once when its event is delivered again', async () => {
    const ticket = ticketFromEmail('twice@customer.example', 507);
    const event = await publishTicket(ticket);
    await handled(event.id);
    await redeliver(event);
    // A later event on the same queue: once it is handled, the redelivery before it was too.
    const after = await publishTicket(ticketFromEmail('after-twice@customer.example', 508));
    await handled(after.id);
    await waitFor(() => announced.received.some((e) => e.data.ticketId === after.data.ticketId), { what: 'the later announcement' });
    expect(announced.received.filter((e) => e.data.ticketId === ticket.ticketId)).toHaveLength(1);
    expect(await queryDatabase(notifier.databaseUrl, 'SELECT 1 FROM outgoing_emails WHERE ticket_id = $1', [ticket.ticketId])).toHaveLength(1);
  });

  it('answers an email without a Message-ID with no In-Reply-To, keeping its References', async () => {
    const ticket = ticketFromEmail('no-id@customer.example', 502);
    ticket.sourceEmail!.messageId = null;
    await publishTicket(ticket);
    const mail = await mailTo('no-id@customer.example');
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.references).toEqual(['<first@customer.example>', '<second@customer.example>']);
  });

  it('sends nothing at all for a ticket opened by an automatic email, and announces nothing', async () => {
    const ticket = ticketFromEmail('autoreply@customer.example', 503, true);
    const event = await publishTicket(ticket);
    await handled(event.id);
    // A later email to the same address arrives: the automatic one would have been queued before it.
    await publishTicket(ticketFromEmail('autoreply@customer.example', 504));
    const later = await mailTo('autoreply@customer.example');
    expect(later.parsed.subject).toBe('[Ticket #504] The printer is on fire');

    const rows = await queryDatabase<{ ticket_id: string }>(notifier.databaseUrl, 'SELECT ticket_id FROM outgoing_emails WHERE to_address = $1', ['autoreply@customer.example']);
    expect(rows.map((row) => row.ticket_id)).not.toContain(ticket.ticketId);
    expect(rows).toHaveLength(1);
    expect(smtp.received.filter((mail) => mail.to.includes('autoreply@customer.example'))).toHaveLength(1);
    expect(announced.received.filter((e) => e.data.ticketId === ticket.ticketId)).toEqual([]);
  });

  it('names its loop domain in emails about no ticket too, and announces them with no ticket', async () => {
    const invitation = { ...portalInvitationIssuedV1.example, invitationId: randomUUID(), email: 'invitee@customer.example' };
    await publisher.publish(portalInvitationIssuedV1, { id: invitation.contactId, version: 1 }, invitation);
    const mail = await mailTo('invitee@customer.example');
    expect(header(mail, 'X-Helpdesk-Loop')).toBe('support.example');
    expect(mail.parsed.inReplyTo).toBeUndefined();
    const queued = await waitFor(() => announced.received.find((e) => e.data.messageId === mail.parsed.messageId), { what: 'outgoing_email.queued' });
    expect(queued.data).toMatchObject({ kind: 'portal_invitation', ticketId: null });
  });

  it('marks the email a delivery-status report returns as bounced, keeps the first failure, and changes nothing for an unknown Message-ID', async () => {
    await publishTicket(ticketFromEmail('gone@customer.example', 505));
    const mail = await mailTo('gone@customer.example');
    const messageId = mail.parsed.messageId!;
    await waitFor(async () => (await emailRow(messageId))?.sent_at, { what: 'the email to be marked sent' });

    const report = {
      emailId: randomUUID(),
      emailAccountId: randomUUID(),
      againstMessageId: messageId,
      recipient: 'gone@customer.example',
      action: 'failed',
      status: '5.1.1',
      diagnostic: 'smtp; 550 5.1.1 <gone@customer.example>: Recipient address rejected: User unknown',
    };
    const bounce = await publisher.publish(inboundEmailBouncedV1, { id: report.emailId, version: 1 }, report);
    await handled(bounce.id);
    expect(await emailRow(messageId)).toMatchObject({
      bounced_at: expect.any(Date),
      bounce_email_id: report.emailId,
      bounce_action: 'failed',
      bounce_status: '5.1.1',
      bounce_recipient: 'gone@customer.example',
      bounce_diagnostic: report.diagnostic,
    });

    // A second report about the same email keeps the first; a delay is no failure; an unknown Message-ID matches nothing.
    const before = await queryDatabase(notifier.databaseUrl, 'SELECT * FROM outgoing_emails ORDER BY id');
    const later = [
      { ...report, emailId: randomUUID(), status: '5.2.2', diagnostic: 'mailbox full' },
      { ...report, emailId: randomUUID(), againstMessageId: `<${randomUUID()}@support.example>` },
      { ...report, emailId: randomUUID(), againstMessageId: null },
    ];
    for (const other of later) await handled((await publisher.publish(inboundEmailBouncedV1, { id: other.emailId, version: 1 }, other)).id);
    expect(await queryDatabase(notifier.databaseUrl, 'SELECT * FROM outgoing_emails ORDER BY id')).toEqual(before);
  });

  it('marks an email bounced only by a report whose Final-Recipient is its recipient, and matches a Message-ID whose domain changed case', async () => {
    await publishTicket(ticketFromEmail('moved@customer.example', 507));
    const messageId = (await mailTo('moved@customer.example')).parsed.messageId!;
    await waitFor(async () => (await emailRow(messageId))?.sent_at, { what: 'the email to be marked sent' });
    const report = {
      emailId: randomUUID(),
      emailAccountId: randomUUID(),
      againstMessageId: messageId,
      recipient: 'attacker@evil.example',
      action: 'failed',
      status: '5.1.1',
      diagnostic: 'smtp; 550 written by whoever sent this report',
    };
    // Anyone who got the acknowledgement can quote its Message-ID in a forged report; naming another
    // recipient, or none, it marks nothing.
    for (const forged of [report, { ...report, emailId: randomUUID(), recipient: null }]) {
      await handled((await publisher.publish(inboundEmailBouncedV1, { id: forged.emailId, version: 1 }, forged)).id);
    }
    expect(await emailRow(messageId)).toMatchObject({ bounced_at: null, bounce_status: null, bounce_diagnostic: null });

    // The real report: the MTA wrote the recipient and the Message-ID's domain in upper case.
    const domain = messageId.slice(messageId.lastIndexOf('@') + 1, -1);
    const real = {
      ...report,
      emailId: randomUUID(),
      againstMessageId: messageId.replace(domain, domain.toUpperCase()),
      recipient: 'Moved@CUSTOMER.example',
      diagnostic: 'smtp; 550 5.1.1 mailbox unavailable',
    };
    expect(real.againstMessageId).not.toBe(messageId);
    await handled((await publisher.publish(inboundEmailBouncedV1, { id: real.emailId, version: 1 }, real)).id);
    expect(await emailRow(messageId)).toMatchObject({ bounced_at: expect.any(Date), bounce_email_id: real.emailId, bounce_recipient: 'Moved@CUSTOMER.example', bounce_diagnostic: real.diagnostic });
  });

  it('records nothing for a report of a delay', async () => {
    await publishTicket(ticketFromEmail('slow@customer.example', 506));
    const messageId = (await mailTo('slow@customer.example')).parsed.messageId!;
    const report = { emailId: randomUUID(), emailAccountId: randomUUID(), againstMessageId: messageId, recipient: null, action: 'delayed', status: '4.4.7', diagnostic: null };
    await handled((await publisher.publish(inboundEmailBouncedV1, { id: report.emailId, version: 1 }, report)).id);
    expect(await emailRow(messageId)).toMatchObject({ bounced_at: null, bounce_status: null });
  });
});

describe('an answer sent again after its sender stopped', () => {
  it('carries the same Message-ID and threading headers, read from the queued email', async () => {
    const busPrefix = newTestBusPrefix();
    // The first copy arrives, but the connection drops before the server answers: the sender never learns it was delivered.
    let drops = 1;
    const smtp = await startTestSmtp({ beforeReply: () => (drops-- > 0 ? 'drop' : undefined) });
    const env = { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', MAIL_FIRST_RETRY_MS: '1000', MAIL_FROM: mailFrom };
    const first = await startTestService(notifierService, { loadConfig, busPrefix, env });
    const publisher = await startTestPublisher(busPrefix);
    let second: typeof first | undefined;
    try {
      const ticket: TicketCreated = {
        ...ticketCreatedV1.example,
        ticketId: randomUUID(),
        requesterEmail: 'again@customer.example',
        channel: 'email',
        sourceEmail: {
          emailId: randomUUID(),
          emailAccountId: randomUUID(),
          mailbox: 'help@acme.example',
          from: 'again@customer.example',
          messageId: '<asked@customer.example>',
          references: ['<earlier@customer.example>'],
          automatic: false,
        },
      };
      await publisher.publish(ticketCreatedV1, { id: ticket.ticketId, version: 1 }, ticket);
      await smtp.waitForMail((mail) => mail.to.includes('again@customer.example'));
      await first.stop();
      second = await startTestService(notifierService, { loadConfig, busPrefix, databaseUrl: first.databaseUrl, env });
      await waitFor(async () => (await queryDatabase(first.databaseUrl, 'SELECT 1 FROM outgoing_emails WHERE sent_at IS NOT NULL')).length === 1, {
        what: 'the second instance to send it again',
      });

      const copies = smtp.received.filter((mail) => mail.to.includes('again@customer.example'));
      expect(copies.length).toBeGreaterThanOrEqual(2);
      const threading = copies.map((mail) => ({
        messageId: mail.parsed.messageId,
        inReplyTo: mail.parsed.inReplyTo,
        references: mail.parsed.references,
        replyTo: mail.parsed.replyTo?.text,
        loop: mail.parsed.headers.get('x-helpdesk-loop'),
      }));
      expect(new Set(threading.map((copy) => JSON.stringify(copy))).size).toBe(1);
      expect(threading[0]).toMatchObject({
        inReplyTo: '<asked@customer.example>',
        references: ['<earlier@customer.example>', '<asked@customer.example>'],
        replyTo: 'help@acme.example',
        loop: 'support.example',
      });
    } finally {
      await publisher.stop();
      await (second ?? first).stop();
      await first.dropDatabase();
      await smtp.close();
      await deleteBusTopology(busPrefix);
    }
  });
});
