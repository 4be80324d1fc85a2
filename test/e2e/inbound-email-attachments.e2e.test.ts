import { createHash, randomUUID } from 'node:crypto';
import { inboundEmailReceivedV1, type EventData } from '@helpdesk/contracts-schema';
import { queryDatabase, startTestPublisher, waitFor } from '@helpdesk/testing';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

type Received = EventData<typeof inboundEmailReceivedV1>;

/**
 * Attachments of inbound email through the gateway (issue 11 §3): the email as mail-ingest's
 * processor leaves it (stored with its attachments, announced as inbound_email.received), filed by
 * the tickets service, and each attachment fetched through GET /api/attachments/{id} by whoever may
 * see the ticket: agents whose teams reach its customer, the portal contact whose ticket it is. The
 * bytes travel from mail-ingest's internal listener through tickets and the gateway unchanged.
 */
describe('attachments of inbound email through the gateway', () => {
  let system: System;
  let admin: string;
  let agentOfB: string;
  const actions = portalActions(() => system, () => admin);
  const people = { anna: { id: '', email: 'anna@a.example', token: '' }, bob: { id: '', email: 'bob@b.example', token: '' } };
  const customers = { a: '', b: '' };
  const accountId = randomUUID();
  const pdf = Buffer.from('%PDF-1.4 the invoice \u0000\u00ff', 'latin1');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const attachments: Array<{ attachmentId: string; filename: string; contentType: string; size: number; inline: boolean; contentId: null }> = [];
  let ticketId = '';

  const mailIngestSql = (text: string, values: unknown[] = []) => queryDatabase(system.services.mailIngest.databaseUrl, text, values);

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    customers.a = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Customer A', emailDomains: ['a.example'] } })).body.id;
    customers.b = (await system.api('POST', '/api/customers', { token: admin, body: { name: 'Customer B', emailDomains: ['b.example'] } })).body.id;
    for (const [name, customer] of [['anna', customers.a], ['bob', customers.b]] as const) {
      const contact = await actions.addContact(customer, people[name].email, name);
      people[name].id = contact.id;
      people[name].token = await actions.portalUser(contact);
    }
    const staff = await system.api('POST', '/api/staff', { token: admin, body: { email: 'b-agent@helpdesk.test', name: 'B Agent', password: 'agent password 1234', permissions: ['customers.view'] } });
    expect(staff.status).toBe(201);
    const team = await system.api('POST', '/api/teams', { token: admin, body: { name: 'Team B', customerIds: [customers.b] } });
    expect((await system.api('PUT', `/api/teams/${team.body.id}/members/${staff.body.id}`, { token: admin })).status).toBe(200);
    agentOfB = (await system.api('POST', '/api/auth/login', { body: { email: 'b-agent@helpdesk.test', password: 'agent password 1234' } })).body.accessToken;

    // The email, as mail-ingest stores it: an account, the email, its attachments.
    await mailIngestSql(
      `INSERT INTO email_accounts (id, name, address, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id)
       VALUES ($1, 'Support', 'support@helpdesk.example', '127.0.0.1', 993, 'tls', 'support', 'password', '\\x00', 'k1')`,
      [accountId],
    );
    const emailId = randomUUID();
    await mailIngestSql(`INSERT INTO inbound_emails (id, email_account_id, dedup_key, message_id, size, state) VALUES ($1, $2, $3, $4, 100, 'announced')`, [
      emailId,
      accountId,
      `mid:<${emailId}@a.example>`,
      `<${emailId}@a.example>`,
    ]);
    for (const [position, [filename, contentType, content]] of ([['invoice.pdf', 'application/pdf', pdf], ['drawing.svg', 'image/svg+xml', svg]] as const).entries()) {
      const attachmentId = randomUUID();
      await mailIngestSql(
        `INSERT INTO inbound_attachments (id, email_id, position, filename, content_type, size, inline, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, false, $7, $8)`,
        [attachmentId, emailId, position, filename, contentType, content.length, createHash('sha256').update(content).digest(), content],
      );
      attachments.push({ attachmentId, filename, contentType, size: content.length, inline: false, contentId: null });
    }
    // The tickets service knows Anna once her contact.added has arrived.
    await waitFor(async () => (await queryDatabase(system.services.tickets.databaseUrl, 'SELECT 1 FROM contacts WHERE id = $1 AND email IS NOT NULL', [people.anna.id])).length === 1, {
      what: 'Anna known to the tickets service',
    });
    const publisher = await startTestPublisher(system.busPrefix, 'e2e-attachments');
    const data: Received = {
      emailId,
      emailAccountId: accountId,
      mailbox: 'support@helpdesk.example',
      receivedAt: new Date().toISOString(),
      defaults: { teamId: null, priority: 'normal' },
      messageId: `<${emailId}@a.example>`,
      inReplyTo: null,
      references: [],
      from: { address: people.anna.email, name: 'Anna' },
      to: [{ address: 'support@helpdesk.example', name: null }],
      cc: [],
      subject: 'Invoice attached',
      date: null,
      text: 'Please see the invoice.',
      html: '<p>Please see the invoice.</p>',
      truncated: false,
      attachments,
      automatic: null,
    };
    try {
      await publisher.publish(inboundEmailReceivedV1, { id: emailId, version: 1 }, data);
    } finally {
      await publisher.stop();
    }
    ticketId = await waitFor(
      async () => (await queryDatabase<{ id: string }>(system.services.tickets.databaseUrl, 'SELECT id FROM tickets WHERE source_email_id = $1', [emailId]))[0]?.id,
      { what: 'the email filed as a ticket' },
    );
  }, 120_000);
  afterAll(() => system?.stop());

  async function download(token: string, id: string) {
    const response = await fetch(`${system.services.gateway.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('gives an administrator the bytes unchanged, as a download that cannot run', async () => {
    const invoice = await download(admin, attachments[0]!.attachmentId);
    expect(invoice.status).toBe(200);
    expect(invoice.bytes.equals(pdf)).toBe(true);
    expect(invoice.headers.get('content-type')).toBe('application/pdf');
    expect(invoice.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(invoice.headers.get('x-content-type-options')).toBe('nosniff');
    expect(invoice.headers.get('content-security-policy')).toMatch(/^sandbox/);
    const drawing = await download(admin, attachments[1]!.attachmentId);
    expect(drawing.headers.get('content-type')).toBe('application/octet-stream');
    expect(drawing.headers.get('content-disposition')).toMatch(/^attachment; /);
  });

  it('gives the portal contact whose ticket it is the bytes, and shows them in the portal ticket', async () => {
    const mine = await download(people.anna.token, attachments[0]!.attachmentId);
    expect(mine.status).toBe(200);
    expect(mine.bytes.equals(pdf)).toBe(true);
    const detail = await system.api('GET', `/api/portal/tickets/${ticketId}`, { token: people.anna.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ subject: 'Invoice attached', descriptionHtml: '<p>Please see the invoice.</p>' });
    expect(detail.body.attachments.map((a: { url: string }) => a.url)).toEqual(attachments.map((a) => `/api/attachments/${a.attachmentId}`));
  });

  it('answers 404 to another customer\'s contact and to an agent whose teams do not reach the customer', async () => {
    const foreign = await download(people.bob.token, attachments[0]!.attachmentId);
    expect(foreign.status).toBe(404);
    expect(foreign.bytes.includes(pdf)).toBe(false);
    expect((await download(agentOfB, attachments[0]!.attachmentId)).status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    const response = await fetch(`${system.services.gateway.url}/api/attachments/${attachments[0]!.attachmentId}`);
    expect(response.status).toBe(401);
  });

  it('shows agents the ticket of the email with its attachments', async () => {
    const ticket = await system.api('GET', `/api/tickets/${ticketId}`, { token: admin });
    expect(ticket.body).toMatchObject({ channel: 'email', customerId: customers.a, contactId: people.anna.id, descriptionHtml: '<p>Please see the invoice.</p>' });
    expect(ticket.body.attachments.map((a: { id: string }) => a.id)).toEqual(attachments.map((a) => a.attachmentId));
  });
});
