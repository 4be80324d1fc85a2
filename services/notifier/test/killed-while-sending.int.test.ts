import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  deleteBusTopology,
  dropTestDatabases,
  freePort,
  newTestBusPrefix,
  newTestDatabaseUrl,
  startTestSmtp,
  testEnvironment,
  testKeys,
  testSecrets,
  waitFor,
} from '@helpdesk/testing';
import { compareDeliveries, emailRows, queueTestEmails } from './support/emails';

// The built service (`npm run build` first), killed with SIGKILL as a crash or an OOM kill would.
const main = path.join(__dirname, '..', 'dist', 'main.js');
const emails = 1000;
const kills = 6;

describe('the notifier killed again and again while it sends', () => {
  it(`delivers each of ${emails} emails, any second copy under the same Message-ID`, async () => {
    const busPrefix = newTestBusPrefix();
    const databaseUrl = newTestDatabaseUrl('notifier');
    const smtp = await startTestSmtp();
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      AMQP_URL: testEnvironment.amqpUrl,
      BUS_PREFIX: busPrefix,
      ...testKeys.env('notifier'),
      PORTAL_LINK_SECRET: testSecrets.portalLink,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SMTP_URL: smtp.url,
      MAIL_SEND_INTERVAL_MS: '50',
      MAIL_FIRST_RETRY_MS: '200',
      // A send gets 2 s at most, so an email a killed instance held is claimed again 4 s later.
      SMTP_CONNECTION_TIMEOUT_MS: '500',
      SMTP_GREETING_TIMEOUT_MS: '500',
      SMTP_SOCKET_TIMEOUT_MS: '1000',
    };
    let child: ChildProcess | undefined;
    const start = () => {
      child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'inherit', 'inherit'] });
      return child;
    };
    const killNow = async () => {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child!.kill('SIGKILL');
      await exited;
    };
    try {
      start();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200, {
        what: 'the notifier to be ready (its database migrated)',
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      const started = Date.now();
      await queueTestEmails(databaseUrl, emails);

      for (let kill = 1; kill <= kills; kill++) {
        // Once this instance is sending, kill it somewhere within the next 300-800 ms.
        const before = smtp.received.length;
        await waitFor(() => smtp.received.length > before, { what: 'the notifier to send', timeoutMs: 30_000, intervalMs: 10 });
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 500));
        await killNow();
        if (kill < kills) start();
      }
      const deliveredBeforeLastStart = smtp.received.length;
      start();
      const rows = await waitFor(async () => {
        const found = await emailRows(databaseUrl);
        return found.every((row) => row.sent) && found;
      }, { what: 'every email to be marked sent', timeoutMs: 60_000, intervalMs: 200 });
      const seconds = (Date.now() - started) / 1000;

      const deliveries = compareDeliveries(rows, smtp.received);
      expect(deliveredBeforeLastStart).toBeLessThan(emails); // the kills fell while it was sending
      expect(rows).toHaveLength(emails);
      expect(deliveries).toMatchObject({ unsent: 0, lost: 0, strangers: 0 });
      console.log(
        `${emails} emails, ${kills} kills: ${smtp.received.length} delivered, ${deliveries.duplicates} second copies (same Message-ID), ${seconds.toFixed(1)} s`,
      );
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) await killNow();
      await smtp.close();
      await dropTestDatabases([databaseUrl]);
      await deleteBusTopology(busPrefix, [`${busPrefix}.notifier`]);
    }
  }, 120_000);
});
