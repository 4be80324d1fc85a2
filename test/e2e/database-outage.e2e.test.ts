import { randomUUID } from 'node:crypto';
import { Bus } from '@helpdesk/bus';
import { createEvent, customerCreatedV1, ticketCreatedV1, type Envelope } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  queryDatabase,
  queueDepth,
  startTcpProxy,
  startTestService,
  startTestSmtp,
  testEnvironment,
  testSecrets,
  waitFor,
} from '@helpdesk/testing';
import { ticketsService } from '../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';
import { notifierService } from '../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { gatewayService } from '../../services/gateway/src/service';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { asAgent, createTicketDirect } from './support/direct';

const cutMs = 30_000;
const eventsPerService = 150;
const admin = { email: 'admin@helpdesk.test', password: 'correct horse battery staple' };

/** A database URL whose connections go through a TCP proxy that the test can cut, as a database restart or failover would. */
async function proxiedDatabase(label: string) {
  const url = new URL(newTestDatabaseUrl(label));
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const direct = url.toString();
  url.port = String(proxy.port());
  return { proxy, direct, viaProxy: url.toString() };
}

const count = async (url: string, sql: string, values: unknown[] = []) => (await queryDatabase<{ n: number }>(url, sql, values))[0]!.n;

describe('the databases of tickets, the notifier and the gateway go away for 30 s while events flow to them', () => {
  jest.setTimeout(180_000);

  it('dead-letters nothing, applies every event once when they are back, and answers 503 with Retry-After meanwhile', async () => {
    const busPrefix = newTestBusPrefix();
    const smtp = await startTestSmtp();
    const [ticketsDb, notifierDb, gatewayDb] = await Promise.all([proxiedDatabase('tickets'), proxiedDatabase('notifier'), proxiedDatabase('gateway')]);
    const log = createLogger({ service: 'test', level: 'silent' });
    const tickets = await startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix, databaseUrl: ticketsDb.viaProxy });
    const notifier = await startTestService(notifierService, {
      loadConfig: loadNotifierConfig,
      busPrefix,
      databaseUrl: notifierDb.viaProxy,
      env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', PORTAL_LINK_SECRET: testSecrets.portalLink },
    });
    const gateway = await startTestService(gatewayService, {
      loadConfig: loadGatewayConfig,
      busPrefix,
      databaseUrl: gatewayDb.viaProxy,
      env: { JWT_SECRET: testSecrets.jwt, PORTAL_LINK_SECRET: testSecrets.portalLink, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, TICKETS_URL: tickets.url },
    });
    const publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log, connectionName: 'outage-test-publisher' });
    const proxies = [ticketsDb.proxy, notifierDb.proxy, gatewayDb.proxy];
    try {
      publisher.start();
      await Promise.all([publisher, tickets.bus, notifier.bus, gateway.bus].map((bus) => bus.waitUntilConnected()));
      const login = await fetch(`${gateway.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
      const { accessToken } = await login.json();

      await Promise.all(proxies.map((proxy) => proxy.cut()));
      const cutAt = Date.now();

      const events: Envelope[] = [];
      for (let i = 0; i < eventsPerService; i++) {
        const customerId = randomUUID();
        events.push(
          createEvent(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: `Outage customer ${i}`, portalTicketVisibility: 'own', groupId: null }, { producer: 'customers', correlationId: `outage-${i}` }),
        );
        const ticketId = randomUUID();
        events.push(
          createEvent(
            ticketCreatedV1,
            { id: ticketId, version: 1 },
            { ...ticketCreatedV1.example, ticketId, number: 5000 + i, subject: `Outage ticket ${i}`, requesterEmail: `requester-${i}@customer.example` },
            { producer: 'tickets', correlationId: `outage-${i}` },
          ),
        );
      }
      for (const event of events) await publisher.publish(event);

      // Requests meanwhile: to a service whose database is away, and through a gateway whose own database is away.
      const answers = await Promise.all([
        fetch(`${tickets.url}/api/tickets`, { headers: asAgent('GET', '/api/tickets') }),
        createTicketDirect(tickets.url, 'During the outage'),
        fetch(`${gateway.url}/api/tickets`, { headers: { authorization: `Bearer ${accessToken}` } }),
        fetch(`${gateway.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) }),
      ]);
      for (const answer of answers) {
        expect({ status: answer.status, retryAfter: answer.headers.get('retry-after'), type: answer.headers.get('content-type') }).toEqual({
          status: 503,
          retryAfter: expect.stringMatching(/^\d+$/),
          type: expect.stringContaining('application/problem+json'),
        });
      }
      // Both consumers hold what they took instead of failing it toward the dead-letter queue.
      await waitFor(async () => (await (await fetch(`${notifier.url}/health/ready`)).json()).broker.heldMessages > 0, { what: 'the notifier to hold messages' });
      const ticketsHealth = await fetch(`${tickets.url}/health/ready`);
      expect(ticketsHealth.status).toBe(503);
      expect(await ticketsHealth.json()).toMatchObject({ database: 'down', broker: { heldMessages: expect.any(Number) } });

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutMs - (Date.now() - cutAt))));
      await Promise.all(proxies.map((proxy) => proxy.restore()));
      const restoredAt = Date.now();

      await waitFor(async () => (await count(ticketsDb.direct, 'SELECT count(*)::int AS n FROM customers')) === eventsPerService, {
        what: 'every customer in the tickets projection',
        timeoutMs: 60_000,
      });
      await waitFor(async () => (await count(notifierDb.direct, 'SELECT count(*)::int AS n FROM outgoing_emails WHERE sent_at IS NOT NULL')) === eventsPerService, {
        what: 'every acknowledgement sent',
        timeoutMs: 60_000,
      });
      const recoveredInMs = Date.now() - restoredAt;

      expect(await queueDepth(`${busPrefix}.tickets.dead-letter`)).toBe(0);
      expect(await queueDepth(`${busPrefix}.notifier.dead-letter`)).toBe(0);
      // Of the events published here, each service applied its own once (tickets also takes the notifier's
      // outgoing_email.queued announcements, which are not counted here): tickets the customers, the notifier
      // the tickets and the customers (its projection, for the names its emails show).
      const published = events.map((event) => event.id);
      const applied = (url: string, consumer: string) => count(url, 'SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])', [consumer, published]);
      expect(await applied(ticketsDb.direct, 'tickets')).toBe(eventsPerService);
      expect(await applied(notifierDb.direct, 'notifier')).toBe(2 * eventsPerService);
      // Once each: one email per ticket, each delivered under its own Message-ID.
      await waitFor(() => smtp.received.length >= eventsPerService, { what: 'the emails at the server' });
      const subjects = smtp.received.map((mail) => mail.parsed.subject);
      expect(new Set(subjects).size).toBe(eventsPerService);
      expect(smtp.received).toHaveLength(eventsPerService);
      // A figure for the note, not an assertion: tests never assert timings.
      process.stdout.write(`database outage: ${events.length} events during a ${cutMs / 1000} s cut, all applied ${recoveredInMs} ms after the link returned\n`);
    } finally {
      await publisher.stop();
      await Promise.all([gateway.stop(), tickets.stop(), notifier.stop()]);
      await Promise.all(proxies.map((proxy) => proxy.close()));
      await smtp.close();
      await dropTestDatabases([ticketsDb.direct, notifierDb.direct, gatewayDb.direct]);
      await deleteBusTopology(busPrefix);
    }
  });
});
