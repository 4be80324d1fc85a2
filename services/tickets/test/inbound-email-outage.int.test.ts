import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { customerCreatedV1, inboundEmailReceivedV1 } from '@helpdesk/contracts-schema';
import { freePort, waitFor } from '@helpdesk/testing';
import { startTickets, type TicketsTestService } from './helpers';

/**
 * Nothing lost while the customers service is away: an email from an unknown sender on a customer's
 * domain needs a contact added there first. While it cannot be reached the email's event is held (an
 * outage, not a failure that counts toward dead-lettering) and it is filed once the service answers.
 */
describe('filing while the customers service is unreachable', () => {
  let t: TicketsTestService;
  let port: number;
  let server: http.Server | undefined;
  const calls: Array<{ method: string; url: string; body: any }> = [];

  beforeAll(async () => {
    port = await freePort();
    // Five deliveries is the limit for failures that count: an outage must not be one of them.
    t = await startTickets({ customersUrl: `http://127.0.0.1:${port}`, env: { BUS_DELIVERY_LIMIT: '1' } });
  });
  afterAll(async () => {
    await t?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('holds the email until the customers service answers, then files it once under the new contact', async () => {
    const customerId = randomUUID();
    await t.projected('customers', await t.publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: 'Acme', portalTicketVisibility: 'own', groupId: null, emailDomains: ['acme.example'] }));
    const emailId = randomUUID();
    await t.publish(inboundEmailReceivedV1, { id: emailId, version: 1 }, {
      emailId,
      emailAccountId: randomUUID(),
      mailbox: 'support@helpdesk.example',
      receivedAt: new Date().toISOString(),
      defaults: { teamId: null, priority: 'normal' },
      messageId: `<${emailId}@acme.example>`,
      inReplyTo: null,
      references: [],
      from: { address: 'mara.klein@acme.example', name: 'Mara Klein' },
      to: [{ address: 'support@helpdesk.example', name: null }],
      cc: [],
      subject: 'Hello',
      date: null,
      text: 'Hi',
      html: null,
      truncated: false,
      attachments: [],
      automatic: null,
    });
    const filed = () => t.query("SELECT payload->'data' AS data FROM outbox WHERE event_type = 'inbound_email.filed' AND payload->'data'->>'emailId' = $1", [emailId]);
    // Several attempts fail meanwhile (refused connections), and nothing is filed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await filed()).toEqual([]);

    const contactId = randomUUID();
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        calls.push({ method: req.method ?? '', url: req.url ?? '', body: raw ? JSON.parse(raw) : undefined });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: contactId, customerId, email: 'mara.klein@acme.example' }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));

    const [row] = await waitFor(async () => {
      const rows = await filed();
      return rows.length > 0 ? rows : undefined;
    }, { what: 'the email filed once the customers service answers', timeoutMs: 20_000 });
    expect((row as { data: Record<string, unknown> }).data).toMatchObject({ outcome: 'new-ticket', customerId, contactId });
    expect(calls).toEqual([{ method: 'PUT', url: `/internal/customers/${customerId}/contacts/by-email`, body: { email: 'mara.klein@acme.example', name: 'Mara Klein' } }]);
    expect(await t.query('SELECT count(*)::int AS n FROM tickets WHERE source_email_id = $1', [emailId])).toEqual([{ n: 1 }]);
  });
});
