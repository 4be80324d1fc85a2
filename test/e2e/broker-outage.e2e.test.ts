import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  queryDatabase,
  startTcpProxy,
  startTestService,
  startTestSmtp,
  testEnvironment,
  waitFor,
} from '@helpdesk/testing';
import { ticketsService } from '../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';
import { notifierService } from '../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { createTicketDirect } from './support/direct';

describe('the broker goes away while tickets come in', () => {
  it('keeps accepting tickets, stays ready with the broker reported down, and drains the backlog once the broker is back', async () => {
    const busPrefix = newTestBusPrefix();
    const broker = new URL(testEnvironment.amqpUrl);
    const proxy = await startTcpProxy({ host: broker.hostname, port: Number(broker.port || 5672) });
    broker.port = String(proxy.port());
    const smtp = await startTestSmtp();
    const notifier = await startTestService(notifierService, {
      loadConfig: loadNotifierConfig,
      busPrefix,
      env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50' },
    });
    const tickets = await startTestService(ticketsService, {
      loadConfig: loadTicketsConfig,
      busPrefix,
      env: { AMQP_URL: broker.toString(), OUTBOX_POLL_MS: '100' },
    });
    const post = (subject: string) => createTicketDirect(tickets.url, subject, 'outage@customer.example');
    try {
      await Promise.all([notifier.bus.waitUntilConnected(), tickets.bus.waitUntilConnected()]);
      await proxy.cut();
      await waitFor(() => !tickets.bus.isConnected(), { what: 'tickets to notice the broker is gone' });
      // Ready: the outbox takes the work, so a load balancer must not pull the instance; the broker is reported beside it.
      const health = await fetch(`${tickets.url}/health/ready`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ready', database: 'up', broker: { publishing: 'connecting' } });

      const answers = await Promise.all(['one', 'two', 'three'].map((subject) => post(`outage ${subject}`)));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const waiting = await queryDatabase<{ n: number }>(tickets.databaseUrl, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      expect(waiting[0]!.n).toBe(3);
      expect(smtp.received).toHaveLength(0);

      await proxy.restore();
      await waitFor(() => smtp.received.length === 3, { what: 'three acknowledgements', timeoutMs: 30_000 });
      expect(smtp.received.map((m) => m.parsed.subject).sort()).toEqual(
        expect.arrayContaining([expect.stringContaining('outage one'), expect.stringContaining('outage two'), expect.stringContaining('outage three')]),
      );
      await waitFor(async () => (await (await fetch(`${tickets.url}/health/ready`)).json()).broker.publishing === 'connected', {
        what: 'tickets to report the broker connected again',
      });
      await waitFor(
        async () => (await queryDatabase<{ n: number }>(tickets.databaseUrl, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0]!.n === 0,
        { what: 'the outbox to be marked published' },
      );
    } finally {
      await tickets.stop();
      await notifier.stop();
      await proxy.close();
      await smtp.close();
      await dropTestDatabases([tickets.databaseUrl, notifier.databaseUrl]);
      await deleteBusTopology(busPrefix, [`${busPrefix}.notifier`, `${busPrefix}.tickets`]);
    }
  });
});
