import { createHash, randomUUID } from 'node:crypto';
import { customerUpdatedV1, inboundEmailReceivedV1, type EventData } from '@helpdesk/contracts-schema';
import { gatewayAssertionHeader, newTestBusPrefix, queryDatabase, serviceCallHeader, startTestService, tearDownTestService, waitFor } from '@helpdesk/testing';
import { loadConfig as loadMailIngestConfig } from '../../mail-ingest/src/config';
import { mailIngestService } from '../../mail-ingest/src/service';
import { ifMatch, portalUser, staff, startTickets, type TicketsTestService } from './helpers';

type Received = EventData<typeof inboundEmailReceivedV1>;

/**
 * GET /api/attachments/{id} (issue 11 §3): the tickets service decides who may see an attachment of
 * an inbound email, by the ticket it belongs to, and fetches its bytes from a real mail-ingest's
 * internal listener (rows stored as its processor stores them).
 */
describe('attachments of inbound email', () => {
  let t: TicketsTestService;
  let mail: Awaited<ReturnType<typeof startMailIngest>>;
  const accountId = randomUUID();

  async function startMailIngest() {
    const busPrefix = newTestBusPrefix();
    const service = await startTestService(mailIngestService, { loadConfig: loadMailIngestConfig, busPrefix });
    const sql = (text: string, values: unknown[] = []) => queryDatabase(service.databaseUrl, text, values);
    await sql(
      `INSERT INTO email_accounts (id, name, address, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id)
       VALUES ($1, 'Support', 'support@helpdesk.example', '127.0.0.1', 993, 'tls', 'support', 'password', '\\x00', 'k1')`,
      [accountId],
    );
    return { service, sql, stop: () => tearDownTestService(busPrefix, service) };
  }

  /** An inbound email stored in mail-ingest with these attachments (as its processor would), returned as the event data tickets gets. */
  async function storedEmail(attachments: Array<{ filename: string; contentType: string; content: Buffer; inline?: boolean }>) {
    const emailId = randomUUID();
    await mail.sql(
      `INSERT INTO inbound_emails (id, email_account_id, dedup_key, message_id, size, state) VALUES ($1, $2, $3, $4, 100, 'announced')`,
      [emailId, accountId, `mid:<${emailId}@x.example>`, `<${emailId}@x.example>`],
    );
    const stored = [];
    for (const [position, a] of attachments.entries()) {
      const attachmentId = randomUUID();
      await mail.sql(
        `INSERT INTO inbound_attachments (id, email_id, position, filename, content_type, size, inline, content_id, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)`,
        [attachmentId, emailId, position, a.filename, a.contentType, a.content.length, a.inline ?? false, createHash('sha256').update(a.content).digest(), a.content],
      );
      stored.push({ attachmentId, filename: a.filename, contentType: a.contentType, size: a.content.length, inline: a.inline ?? false, contentId: null });
    }
    return { emailId, attachments: stored };
  }

  async function deliver(from: string, stored: Awaited<ReturnType<typeof storedEmail>>, fields: Partial<Received> = {}) {
    const data: Received = {
      emailId: stored.emailId,
      emailAccountId: accountId,
      mailbox: 'support@helpdesk.example',
      receivedAt: new Date().toISOString(),
      defaults: { teamId: null, priority: 'normal' },
      messageId: `<${stored.emailId}@x.example>`,
      inReplyTo: null,
      references: [],
      from: { address: from, name: null },
      to: [{ address: 'support@helpdesk.example', name: null }],
      cc: [],
      subject: 'With attachments',
      date: null,
      text: 'See attached.',
      html: `<p>See attached.</p>${stored.attachments.filter((a) => a.inline).map((a) => `<img src="/api/attachments/${a.attachmentId}">`).join('')}`,
      truncated: false,
      attachments: stored.attachments,
      automatic: null,
      ...fields,
    };
    await t.publish(inboundEmailReceivedV1, { id: data.emailId, version: 1 }, data);
    const [row] = await waitFor(
      async () => {
        const rows = await t.query<{ payload: { data: Record<string, any> } }>("SELECT payload FROM outbox WHERE event_type = 'inbound_email.filed' AND payload->'data'->>'emailId' = $1", [data.emailId]);
        return rows.length > 0 ? rows : undefined;
      },
      { what: 'filed' },
    );
    return row!.payload.data;
  }

  const pdf = Buffer.from('%PDF-1.4 invoice bytes \u0000\u0001\u00ff', 'latin1');
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const html = Buffer.from('<script>alert(1)</script>');
  const log = Buffer.from('reply log');
  const secret = Buffer.from('internal only');

  let customerId: string;
  let otherCustomerId: string;
  let requester: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let colleague: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let foreigner: Awaited<ReturnType<TicketsTestService['addContact']>>;
  let ticketId: string;
  let first: Awaited<ReturnType<typeof storedEmail>>;
  let reply: Awaited<ReturnType<typeof storedEmail>>;
  let internal: Awaited<ReturnType<typeof storedEmail>>;
  let replyNoteId: string;
  const admin = staff();

  beforeAll(async () => {
    mail = await startMailIngest();
    t = await startTickets({ env: { MAIL_INGEST_INTERNAL_URL: mail.service.internalUrl! } });
    customerId = await t.addCustomer('own');
    otherCustomerId = await t.addCustomer('own');
    requester = await t.addContact(customerId, 'Anna');
    colleague = await t.addContact(customerId, 'Tom');
    foreigner = await t.addContact(otherCustomerId, 'Hank');
    first = await storedEmail([
      { filename: 'Rechnung März.pdf', contentType: 'application/pdf', content: pdf },
      { filename: 'logo.png', contentType: 'image/png', content: png, inline: true },
      { filename: 'page.html', contentType: 'text/html', content: html },
    ]);
    const opened = await deliver(requester.email, first);
    ticketId = opened.ticketId;
    reply = await storedEmail([{ filename: 'reply.log', contentType: 'text/plain', content: log }]);
    const joined = await deliver(requester.email, reply, { subject: `Re: [Ticket #${opened.number}] With attachments`, html: '<p>More.</p>' });
    expect(joined.outcome).toBe('joined-ticket');
    replyNoteId = joined.noteId;
    // An attachment on an internal note: no email makes one, but the rule must hold for any note agents keep to themselves.
    internal = await storedEmail([{ filename: 'secret.txt', contentType: 'text/plain', content: secret }]);
    const current = await t.call('GET', `/api/tickets/${ticketId}`, { as: admin });
    const note = await t.call('POST', `/api/tickets/${ticketId}/notes`, { as: admin, body: { body: 'internal', visibility: 'internal' }, headers: ifMatch(current.body.version) });
    expect(note.status).toBe(201);
    await t.query(
      `INSERT INTO ticket_attachments (id, ticket_id, note_id, email_id, position, filename, content_type, size, inline) VALUES ($1, $2, $3, $4, 0, 'secret.txt', 'text/plain', $5, false)`,
      [internal.attachments[0]!.attachmentId, ticketId, note.body.id, internal.emailId, secret.length],
    );
  });

  afterAll(async () => {
    await t?.stop();
    await mail?.stop();
  });

  const get = (id: string, as: Parameters<TicketsTestService['call']>[2]['as']) => fetchAs(`/api/attachments/${id}`, as);
  async function fetchAs(path: string, as: Parameters<TicketsTestService['call']>[2]['as']) {
    const response = await fetch(`${t.service.url}${path}`, { headers: as ? gatewayAssertionHeader(as, { service: 'tickets', method: 'GET', path }) : {} });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }
  const idOf = (stored: Awaited<ReturnType<typeof storedEmail>>, i = 0) => stored.attachments[i]!.attachmentId;

  describe('for agents', () => {
    it('serves the bytes to an agent whose team reaches the customer, as a download that cannot run', async () => {
      const agent = await t.agentOf([customerId]);
      const response = await get(idOf(first), agent);
      expect(response.status).toBe(200);
      expect(response.bytes.equals(pdf)).toBe(true);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    });

    it('shows a raster image inline, and HTML only as an octet-stream download', async () => {
      const image = await get(idOf(first, 1), admin);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
      expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
      const page = await get(idOf(first, 2), admin);
      expect(page.headers.get('content-type')).toBe('application/octet-stream');
      expect(page.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
      expect(page.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(page.bytes.equals(html)).toBe(true);
    });

    it('serves the attachments of notes, internal ones included, to agents', async () => {
      expect((await get(idOf(reply), admin)).bytes.equals(log)).toBe(true);
      expect((await get(idOf(internal), admin)).bytes.equals(secret)).toBe(true);
    });

    it('answers 404 to an agent whose teams do not reach the customer, exactly as for an unknown id', async () => {
      const outsider = await t.agentOf([otherCustomerId]);
      const refused = await get(idOf(first), outsider);
      const unknown = await get(randomUUID(), outsider);
      expect(refused.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(JSON.parse(refused.bytes.toString()).detail.replace(/[0-9a-f-]{36}/, 'ID')).toBe(JSON.parse(unknown.bytes.toString()).detail.replace(/[0-9a-f-]{36}/, 'ID'));
      expect(refused.bytes.includes(pdf)).toBe(false);
    });

    it('refuses a malformed id with 400 and a caller without a principal with 401', async () => {
      expect((await get('not-a-uuid', admin)).status).toBe(400);
      expect((await get(idOf(first), undefined)).status).toBe(401);
    });

    it('shows the ticket with its HTML, attachments, participants and notes in GET /api/tickets/{id}', async () => {
      const response = await t.call('GET', `/api/tickets/${ticketId}`, { as: admin });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        channel: 'email',
        descriptionHtml: expect.stringContaining(`/api/attachments/${idOf(first, 1)}`),
        attachments: first.attachments.map((a) => ({ id: a.attachmentId, filename: a.filename, contentType: a.contentType, size: a.size, inline: a.inline, url: `/api/attachments/${a.attachmentId}` })),
      });
      const [fromEmail, internalNote] = response.body.notes;
      expect(fromEmail).toMatchObject({ id: replyNoteId, visibility: 'public', body: 'See attached.', bodyHtml: '<p>More.</p>', attachments: [{ id: idOf(reply), filename: 'reply.log' }] });
      expect(internalNote).toMatchObject({ visibility: 'internal', attachments: [{ id: idOf(internal) }] });
    });
  });

  describe('for portal contacts', () => {
    it('serves the requester the attachments of the first email and of public notes', async () => {
      const me = portalUser(requester);
      expect((await get(idOf(first), me)).bytes.equals(pdf)).toBe(true);
      expect((await get(idOf(reply), me)).bytes.equals(log)).toBe(true);
    });

    it('never serves an attachment of an internal note', async () => {
      expect((await get(idOf(internal), portalUser(requester))).status).toBe(404);
    });

    it('answers 404 to another customer\'s contact, and to a colleague while the customer keeps tickets to their requesters', async () => {
      expect((await get(idOf(first), portalUser(foreigner))).status).toBe(404);
      expect((await get(idOf(first), portalUser(colleague))).status).toBe(404);
    });

    it('serves a colleague once the customer shares its tickets among its contacts', async () => {
      await t.projected('customers', await t.publish(customerUpdatedV1, { id: customerId, version: 2 }, { customerId, name: 'Emma Watson Ltd', portalTicketVisibility: 'customer', groupId: null }));
      expect((await get(idOf(first), portalUser(colleague))).status).toBe(200);
      expect((await get(idOf(internal), portalUser(colleague))).status).toBe(404);
      expect((await get(idOf(first), portalUser(foreigner))).status).toBe(404);
    });

    it('shows the HTML and the public attachments in the portal ticket, nothing of the internal note', async () => {
      const response = await t.call('GET', `/api/portal/tickets/${ticketId}`, { as: portalUser(requester) });
      expect(response.status).toBe(200);
      expect(response.body.descriptionHtml).toContain(`/api/attachments/${idOf(first, 1)}`);
      expect(response.body.attachments.map((a: { id: string }) => a.id)).toEqual(first.attachments.map((a) => a.attachmentId));
      expect(response.body.notes).toEqual([expect.objectContaining({ id: replyNoteId, bodyHtml: '<p>More.</p>', attachments: [expect.objectContaining({ id: idOf(reply) })] })]);
      expect(response.text).not.toContain(idOf(internal));
    });
  });

  describe('mail-ingest\'s internal route', () => {
    it('answers the tickets service only', async () => {
      const path = `/internal/attachments/${idOf(first)}`;
      const asTickets = await fetch(`${mail.service.internalUrl}${path}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path }) });
      expect(asTickets.status).toBe(200);
      expect(Buffer.from(await asTickets.arrayBuffer()).equals(pdf)).toBe(true);
      const asNotifier = await fetch(`${mail.service.internalUrl}${path}`, { headers: serviceCallHeader('notifier', { service: 'mail-ingest', method: 'GET', path }) });
      expect(asNotifier.status).toBe(403);
      const unsigned = await fetch(`${mail.service.internalUrl}${path}`);
      expect(unsigned.status).toBe(401);
      const missingPath = `/internal/attachments/${randomUUID()}`;
      expect((await fetch(`${mail.service.internalUrl}${missingPath}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path: missingPath }) })).status).toBe(404);
    });

    it('is answered 503 by the tickets service while mail-ingest is away, never 500', async () => {
      const away = await startTickets({ env: { MAIL_INGEST_INTERNAL_URL: 'http://127.0.0.1:9' } });
      try {
        const customer = await away.addCustomer();
        const contact = await away.addContact(customer);
        const stored = await storedEmail([{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('a') }]);
        const data = { emailId: stored.emailId, emailAccountId: accountId, mailbox: 'support@helpdesk.example', receivedAt: new Date().toISOString(), defaults: { teamId: null, priority: 'normal' }, messageId: null, inReplyTo: null, references: [], from: { address: contact.email, name: null }, to: [], cc: [], subject: 's', date: null, text: 't', html: null, truncated: false, attachments: stored.attachments, automatic: null };
        await away.publish(inboundEmailReceivedV1, { id: stored.emailId, version: 1 }, data);
        await waitFor(async () => (await away.query('SELECT 1 FROM ticket_attachments WHERE id = $1', [idOf(stored)])).length === 1, { what: 'filed' });
        const path = `/api/attachments/${idOf(stored)}`;
        const response = await fetch(`${away.service.url}${path}`, { headers: gatewayAssertionHeader(staff(), { service: 'tickets', method: 'GET', path }) });
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      } finally {
        await away.stop();
      }
    });
  });
});
