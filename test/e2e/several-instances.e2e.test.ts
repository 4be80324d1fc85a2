import { serviceMigrations } from '@helpdesk/runtime';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  queryDatabase,
  startTestService,
  startTestSmtp,
  waitFor,
  watchEvents,
} from '@helpdesk/testing';
import { ticketsService } from '../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';
import { notifierService } from '../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { createTicketDirect } from './support/direct';

describe('two instances of tickets and of the notifier side by side', () => {
  it('start together on one fresh database, and publish and apply every event exactly once', async () => {
    const busPrefix = newTestBusPrefix();
    const smtp = await startTestSmtp();
    const ticketsDb = newTestDatabaseUrl('tickets');
    const notifierDb = newTestDatabaseUrl('notifier');
    const notifierEnv = { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50' };
    // Started at the same moment: both create and migrate the same database, under the migration lock.
    const instances = await Promise.all([
      startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix, databaseUrl: ticketsDb }),
      startTestService(ticketsService, { loadConfig: loadTicketsConfig, busPrefix, databaseUrl: ticketsDb }),
      startTestService(notifierService, { loadConfig: loadNotifierConfig, busPrefix, databaseUrl: notifierDb, env: notifierEnv }),
      startTestService(notifierService, { loadConfig: loadNotifierConfig, busPrefix, databaseUrl: notifierDb, env: notifierEnv }),
    ]);
    const [ticketsA, ticketsB] = instances;
    const watcher = await watchEvents(busPrefix, ['ticket.created']);
    try {
      await Promise.all(instances.map((instance) => instance.bus.waitUntilConnected()));
      const total = 40;
      const answers = await Promise.all(
        Array.from({ length: total }, (_, i) =>
          createTicketDirect((i % 2 === 0 ? ticketsA : ticketsB)!.url, `parallel ${i}`, `requester${i}@customer.example`).then((r) => r.status),
        ),
      );
      expect(answers.every((status) => status === 201)).toBe(true);

      await waitFor(() => smtp.received.length >= total && watcher.received.length >= total, { what: `${total} events and emails`, timeoutMs: 30_000 });
      await new Promise((resolve) => setTimeout(resolve, 1000));

      const published = watcher.received.map((event) => event.id);
      expect(published).toHaveLength(total);
      expect(new Set(published).size).toBe(total);
      const recipients = smtp.received.map((mail) => mail.to[0]);
      expect(recipients).toHaveLength(total);
      expect(new Set(recipients).size).toBe(total);
      const handled = await queryDatabase<{ n: number }>(notifierDb, "SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'notifier'");
      expect(handled[0]!.n).toBe(total);
      const applied = (await queryDatabase<{ name: string }>(ticketsDb, 'SELECT name FROM schema_migrations')).map((m) => m.name);
      const expected = serviceMigrations(ticketsService).map((m) => m.name);
      expect(applied.sort()).toEqual(expected.sort());
    } finally {
      await watcher.close();
      await Promise.all(instances.map((instance) => instance.stop()));
      await smtp.close();
      await dropTestDatabases([ticketsDb, notifierDb]);
      await deleteBusTopology(busPrefix, [`${busPrefix}.notifier`, `${busPrefix}.tickets`]);
    }
  });
});
