import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
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
import { createTicketDirect } from './support/direct';

const busCommand = (busPrefix: string, ...args: string[]) =>
  promisify(execFile)(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'bus.mjs'), ...args], {
    env: { ...process.env, AMQP_URL: testEnvironment.amqpUrl, BUS_PREFIX: busPrefix },
  });

/** The value of one series in a Prometheus text page, or undefined when it is not there. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('what an operator sees', () => {
  it('serves Prometheus metrics and health details: requests by route, outbox, lag, dead letters, unrouted events, the email queue', async () => {
    const busPrefix = newTestBusPrefix();
    const smtp = await startTestSmtp();
    const notifier = await startTestService(notifierService, {
      loadConfig: loadNotifierConfig,
      busPrefix,
      env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', PORTAL_LINK_SECRET: testSecrets.portalLink },
    });
    const tickets = await startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix });
    try {
      await Promise.all([notifier.bus.waitUntilConnected(), tickets.bus.waitUntilConnected()]);
      const created = await createTicketDirect(tickets.url, 'Observed');
      expect(created.status).toBe(201);
      await waitFor(() => smtp.received.length === 1, { what: 'the acknowledgement' });

      // A message the notifier cannot read goes to its dead-letter queue, where the operator sees it counted.
      const connection = await amqp.connect(testEnvironment.amqpUrl);
      const channel = await connection.createConfirmChannel();
      channel.publish(`${busPrefix}.events`, 'ticket.created', Buffer.from('not an event'));
      await channel.waitForConfirms();
      await connection.close();

      const ticketsPage = await (await fetch(`${tickets.url}/metrics`)).text();
      expect(sample(ticketsPage, 'http_request_duration_seconds_count', { route: '/api/tickets', method: 'POST', status: '201' })).toBe(1);
      expect(sample(ticketsPage, 'outbox_pending_events')).toBe(0);
      expect(sample(ticketsPage, 'outbox_oldest_pending_age_seconds')).toBe(0);
      expect(sample(ticketsPage, 'bus_connection_up', { connection: 'publish' })).toBe(1);
      expect(sample(ticketsPage, 'bus_consumer_lag_messages')).toBe(0);
      expect(sample(ticketsPage, 'bus_unrouted_messages')).toBe(0);

      await waitFor(async () => sample(await (await fetch(`${notifier.url}/metrics`)).text(), 'bus_dead_lettered_messages') === 1, { what: 'the dead letter counted' });
      const notifierPage = await (await fetch(`${notifier.url}/metrics`)).text();
      expect(sample(notifierPage, 'email_queue_waiting')).toBe(0);
      expect(sample(notifierPage, 'email_given_up')).toBe(0);
      expect(sample(notifierPage, 'email_failed_attempts')).toBe(0);
      expect(sample(notifierPage, 'bus_held_messages')).toBe(0);

      const health = await fetch(`${notifier.url}/health/ready`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ready',
        database: 'up',
        broker: { publishing: 'connected', consuming: 'connected', heldMessages: 0, deadLettered: 1, unrouted: 0 },
        emailQueue: { queued: 0, givenUp: 0 },
      });

      // The operator's command (README: "When a message is kept aside") lists it, and sends it back to the notifier.
      const listed = await busCommand(busPrefix, 'dead-letters', 'notifier');
      expect(listed.stdout).toContain('"reason":"invalid event"');
      expect(listed.stdout).toContain('"not an event"');
      expect(listed.stdout).toContain('1 message(s)');
      expect((await busCommand(busPrefix, 'replay-dead-letters', 'notifier')).stdout).toBe('1 sent again\n');
      // Still unreadable, so the notifier dead-letters it again (a new time stamp): the replay reached its queue, and nothing was lost.
      const deadLetteredAt = (stdout: string) => JSON.parse(stdout.split('\n')[0]!).deadLetteredAt as string;
      const first = deadLetteredAt(listed.stdout);
      await waitFor(
        async () => {
          const { stdout } = await busCommand(busPrefix, 'dead-letters', 'notifier');
          return stdout.includes('1 message(s)') && deadLetteredAt(stdout) > first;
        },
        { what: 'the replayed message back in the dead-letter queue' },
      );
      expect((await busCommand(busPrefix, 'unrouted')).stdout).toContain('0 message(s)');
    } finally {
      await tickets.stop();
      await notifier.stop();
      await smtp.close();
      await dropTestDatabases([tickets.databaseUrl, notifier.databaseUrl]);
      await deleteBusTopology(busPrefix);
    }
  });
});
