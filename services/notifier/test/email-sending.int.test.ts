import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Bus } from '@helpdesk/bus';
import { createEvent, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { ensureDatabase, loadMigrations, migrate } from '@helpdesk/db';
import { createLogger } from '@helpdesk/logging';
import { addToOutbox, outboxMigrationsDir, OutboxRelay } from '@helpdesk/outbox';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  pgTransactions,
  queryDatabase,
  startTestService,
  testEnvironment,
  testSecrets,
  waitFor,
} from '@helpdesk/testing';
import { notifierService } from '../src/service';
import { loadConfig } from '../src/config';

const log = createLogger({ service: 'notifier-test', level: 'silent' });

/** Publishes ticket.created events the way the tickets service does: outbox, relay, confirms. */
async function startTicketsStandIn(busPrefix: string) {
  const url = newTestDatabaseUrl('tickets_stand_in');
  await ensureDatabase(url);
  await migrate(url, loadMigrations('outbox', outboxMigrationsDir));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const bus = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log, connectionName: 'tickets-stand-in' });
  bus.start();
  await bus.waitUntilConnected();
  const relay = new OutboxRelay({ pool, publish: (header, payload) => bus.publishSerialised(header, payload), log, pollIntervalMs: 50 });
  await relay.start();
  return {
    async emit(requesterEmail: string, number: number) {
      const [event] = await this.emitTogether([{ requesterEmail, number }]);
      return event!;
    },
    /** Events committed together, so that the broker delivers them in a burst; the repeated ones are published once more beside them, as a redelivery would. */
    async emitTogether(tickets: Array<{ requesterEmail: string; number: number }>, repeated: number[] = []) {
      const events = tickets.map(({ requesterEmail, number }) =>
        createEvent(ticketCreatedV1, { id: ticketCreatedV1.example.ticketId, version: 1 }, { ...ticketCreatedV1.example, requesterEmail, number }, { producer: 'tickets', correlationId: 'notifier-test' }),
      );
      await pgTransactions(pool)(async (tx) => {
        for (const event of events) await addToOutbox(tx, event);
      });
      await Promise.all(repeated.map((index) => bus.publish(events[index]!)));
      return events;
    },
    async stop() {
      await relay.stop();
      await bus.stop();
      await pool.end();
      await dropTestDatabases([url]);
    },
  };
}

describe('the notifier sends acknowledgements', () => {
  const busPrefix = newTestBusPrefix();
  let tickets: Awaited<ReturnType<typeof startTicketsStandIn>>;

  beforeAll(async () => {
    tickets = await startTicketsStandIn(busPrefix);
  });
  afterAll(async () => {
    await tickets.stop();
    await deleteBusTopology(busPrefix, [`${busPrefix}.notifier`]);
  });

  it('writes each email as an .eml file, named by the Message-ID it was queued with, when no SMTP server is configured', async () => {
    const dropDir = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-mail-'));
    const notifier = await startTestService(notifierService, {
      loadConfig,
      busPrefix,
      // An interval longer than the test: the commit that queues the email wakes the sender.
      env: { MAIL_DROP_DIR: dropDir, MAIL_SEND_INTERVAL_MS: '60000', MAIL_FROM: 'Support <help@support.example>', PORTAL_LINK_SECRET: testSecrets.portalLink },
    });
    try {
      await tickets.emit('eml@customer.example', 4242);
      const [row] = await waitFor(async () => {
        const sent = await queryDatabase<{ message_id: string }>(notifier.databaseUrl, 'SELECT message_id FROM outgoing_emails WHERE sent_at IS NOT NULL');
        return sent.length > 0 && sent;
      }, { what: 'the email to be marked sent' });
      // Marked sent only once the file is in place: a listing before it could see the temporary file being written.
      const files = await readdir(dropDir);
      expect(row!.message_id).toMatch(/^<[0-9a-f-]{36}@support\.example>$/);
      expect(files).toEqual([`${row!.message_id.replace(/[<>]/g, '')}.eml`]);
      const message = await readFile(path.join(dropDir, files[0]!), 'utf8');
      expect(message).toContain('To: eml@customer.example');
      expect(message).toContain('Subject: [Ticket #4242]');
      // A ticket that came by no email: the acknowledgement answers no message (RFC 3834 auto-generated).
      expect(message).toContain('Auto-Submitted: auto-generated');
      expect(message).toContain(`Message-ID: ${row!.message_id}`);
    } finally {
      await notifier.stop();
      await notifier.dropDatabase();
      await rm(dropDir, { recursive: true, force: true });
    }
  });

  it('keeps an email the SMTP server refused and sends it on a later attempt', async () => {
    let refusals = 1;
    const delivered: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refusals-- > 0) return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        delivered.push(address.address);
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const notifier = await startTestService(notifierService, { loadConfig, busPrefix, env: { SMTP_URL: smtpUrl, MAIL_SEND_INTERVAL_MS: '50', MAIL_FIRST_RETRY_MS: '200', PORTAL_LINK_SECRET: testSecrets.portalLink } });
    try {
      const event = await tickets.emit('retry@customer.example', 77);
      await waitFor(() => delivered.length === 1, { what: 'the second attempt to be delivered' });
      const rows = await waitFor(async () => {
        const found = await queryDatabase<{ attempts: number; sent_at: Date | null; last_error: string | null; caused_by_event: string }>(
          notifier.databaseUrl,
          'SELECT attempts, sent_at, last_error, caused_by_event FROM outgoing_emails',
        );
        return found[0]?.sent_at ? found : undefined;
      }, { what: 'the email to be marked sent' });
      expect(rows).toEqual([{ attempts: 2, sent_at: expect.any(Date), last_error: null, caused_by_event: event.id }]);
      expect(delivered).toEqual(['retry@customer.example']);
    } finally {
      await notifier.stop();
      await notifier.dropDatabase();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('queues the emails of events that arrive together in shared statements, each event once, a repeated one not again', async () => {
    const dropDir = await mkdtemp(path.join(os.tmpdir(), 'helpdesk-mail-'));
    const notifier = await startTestService(notifierService, { loadConfig, busPrefix, env: { MAIL_DROP_DIR: dropDir, PORTAL_LINK_SECRET: testSecrets.portalLink } });
    try {
      const burst = Array.from({ length: 40 }, (_, i) => ({ requesterEmail: `burst-${i}@customer.example`, number: 1000 + i }));
      const events = await tickets.emitTogether(burst, [0, 7, 39]);

      const queued = await waitFor(async () => {
        const rows = await queryDatabase<{ to_address: string; caused_by_event: string; created_at: Date }>(
          notifier.databaseUrl,
          'SELECT to_address, caused_by_event, created_at FROM outgoing_emails',
        );
        return rows.length >= 40 ? rows : undefined;
      }, { what: 'the burst to be queued' });
      await waitFor(async () => (await notifier.bus.queueStats('notifier')).waiting === 0, { what: 'the repeats to be consumed' });
      const recorded = await queryDatabase<{ n: number }>(notifier.databaseUrl, "SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'notifier'");

      expect(queued.map((row) => row.caused_by_event).sort()).toEqual(events.map((event) => event.id).sort());
      expect(queued.map((row) => row.to_address).sort()).toEqual(burst.map((ticket) => ticket.requesterEmail).sort());
      expect(recorded).toEqual([{ n: 40 }]);
      // Rows written by one statement share its transaction's timestamp: fewer timestamps than emails means shared statements.
      expect(new Set(queued.map((row) => row.created_at.getTime())).size).toBeLessThan(40);
    } finally {
      await notifier.stop();
      await notifier.dropDatabase();
      await rm(dropDir, { recursive: true, force: true });
    }
  });
});
