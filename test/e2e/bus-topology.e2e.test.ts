import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { Bus } from '@helpdesk/bus';
import { createEvent, customerCreatedV1 } from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  queryDatabase,
  startTestService,
  startTestSmtp,
  testEnvironment,
  testSecrets,
  waitFor,
  watchEvents,
} from '@helpdesk/testing';
import { ticketsService } from '../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';
import { notifierService } from '../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { createTicketDirect } from './support/direct';

describe('routing that does not depend on who started first', () => {
  it('delivers to a consumer every event published while it was down and its queue deleted', async () => {
    const busPrefix = newTestBusPrefix();
    const smtp = await startTestSmtp();
    const notifierDatabase = newTestDatabaseUrl('notifier');
    const startNotifier = () =>
      startTestService(notifierService, {
        loadConfig: loadNotifierConfig,
        busPrefix,
        databaseUrl: notifierDatabase,
        env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', PORTAL_LINK_SECRET: testSecrets.portalLink },
      });
    let notifier = await startNotifier();
    const tickets = await startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix });
    try {
      await Promise.all([notifier.bus.waitUntilConnected(), tickets.bus.waitUntilConnected()]);
      await notifier.stop();
      // A broker rebuilt without definitions, or an operator's mistake: the queue goes while its service is down.
      const connection = await amqp.connect(testEnvironment.amqpUrl);
      await (await connection.createChannel()).deleteQueue(`${busPrefix}.notifier`);
      await connection.close();

      const subjects = Array.from({ length: 10 }, (_, i) => `While the notifier was away ${i}`);
      for (const subject of subjects) expect((await createTicketDirect(tickets.url, subject)).status).toBe(201);
      await waitFor(
        async () => (await queryDatabase<{ n: number }>(tickets.databaseUrl, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0]!.n === 0,
        { what: 'the events to be published' },
      );

      notifier = await startNotifier();
      await waitFor(() => smtp.received.length === subjects.length, { what: 'an acknowledgement for every ticket', timeoutMs: 30_000 });
      expect(smtp.received.map((mail) => mail.parsed.subject!.replace(/^\[Ticket #\d+\] /, '')).sort()).toEqual([...subjects].sort());
    } finally {
      await tickets.stop();
      await notifier.stop();
      await smtp.close();
      await dropTestDatabases([tickets.databaseUrl, notifierDatabase]);
      await deleteBusTopology(busPrefix);
    }
  });

  it('starts, consumes and publishes after the delivery limit changed between two starts', async () => {
    const busPrefix = newTestBusPrefix();
    const databaseUrl = newTestDatabaseUrl('tickets');
    const publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'limit-test' });
    publisher.start();
    const watcher = await (async () => {
      await publisher.waitUntilConnected();
      return watchEvents(busPrefix, ['ticket.created']);
    })();
    try {
      for (const limit of ['5', '2']) {
        const tickets = await startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix, databaseUrl, env: { BUS_DELIVERY_LIMIT: limit } });
        try {
          await tickets.bus.waitUntilConnected();
          const customerId = randomUUID();
          await publisher.publish(
            createEvent(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name: `Limit ${limit}`, portalTicketVisibility: 'own', groupId: null }, { producer: 'customers', correlationId: `limit-${limit}` }),
          );
          await waitFor(async () => (await queryDatabase(databaseUrl, 'SELECT 1 FROM customers WHERE id = $1', [customerId])).length === 1, {
            what: `the customer consumed with a delivery limit of ${limit}`,
          });
          expect((await createTicketDirect(tickets.url, `Limit ${limit}`)).status).toBe(201);
          await waitFor(() => watcher.received.some((event) => event.data.subject === `Limit ${limit}`), { what: `ticket.created published with a limit of ${limit}` });
        } finally {
          await tickets.stop();
        }
      }
    } finally {
      await watcher.close();
      await publisher.stop();
      await dropTestDatabases([databaseUrl]);
      await deleteBusTopology(busPrefix);
    }
  });
});
