import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, ensureDatabase } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import {
  deleteBusTopology,
  dropTestDatabases,
  newTestBusPrefix,
  newTestDatabaseUrl,
  pgExecutor,
  startTcpProxy,
  startTestService,
  startTestSmtp,
  waitFor,
} from '@helpdesk/testing';
import { notifierService } from '../src/service';
import { loadConfig } from '../src/config';
import { claimDueEmails, emailQueueState, recordAttempts, type ClaimedEmail } from '../src/persistence/outgoing-email.repository';
import { retryEmail } from '../src/persistence/email-log.repository';
import { compareDeliveries, emailRows, queueTestEmails } from './support/emails';

// Short timeouts make a short claim: 500 + 500 + 1000 ms for a send, 4 s in all.
const fastSettings = {
  MAIL_SEND_INTERVAL_MS: '50',
  MAIL_FIRST_RETRY_MS: '200',
  SMTP_CONNECTION_TIMEOUT_MS: '500',
  SMTP_GREETING_TIMEOUT_MS: '500',
  SMTP_SOCKET_TIMEOUT_MS: '1000',
};
const claimMs = 4000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the notifier sends every email once, whatever fails around it', () => {
  const busPrefix = newTestBusPrefix();
  const databases: string[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];

  async function startNotifier(env: Record<string, string>, databaseUrl = newTestDatabaseUrl('notifier'), connectVia = databaseUrl) {
    if (!databases.includes(databaseUrl)) databases.push(databaseUrl);
    const notifier = await startTestService(notifierService, { loadConfig, busPrefix, databaseUrl: connectVia, env: { ...fastSettings, ...env } });
    cleanups.push(() => notifier.stop());
    return { ...notifier, databaseUrl };
  }

  async function allSent(databaseUrl: string, timeoutMs = 15_000) {
    return waitFor(async () => {
      const rows = await emailRows(databaseUrl);
      return rows.every((row) => row.sent) && rows;
    }, { what: 'every email to be marked sent', timeoutMs });
  }

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await dropTestDatabases(databases.splice(0));
  });
  afterAll(() => deleteBusTopology(busPrefix, [`${busPrefix}.notifier`]));

  it('delivers once when the database goes away between the server accepting and the mark', async () => {
    const databaseUrl = newTestDatabaseUrl('notifier');
    const real = new URL(databaseUrl);
    const proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    let restored: Promise<void> | undefined;
    cleanups.push(async () => {
      await restored;
      await proxy.close();
    });
    const viaProxy = new URL(databaseUrl);
    viaProxy.port = String(proxy.port());
    const smtp = await startTestSmtp({
      // For longer than the claim: the email would be claimed and sent again if its outcome were dropped.
      beforeReply: async () => {
        if (restored) return;
        await proxy.cut();
        restored = sleep(claimMs + 1000).then(() => proxy.restore());
      },
    });
    cleanups.push(() => smtp.close());
    await startNotifier({ SMTP_URL: smtp.url }, databaseUrl, viaProxy.toString());

    await queueTestEmails(databaseUrl, 1);
    await waitFor(() => restored !== undefined, { what: 'the server to accept the email' });
    await restored;
    const rows = await allSent(databaseUrl);

    expect(smtp.received.map((mail) => mail.parsed.messageId)).toEqual([rows[0]!.message_id]);
    expect(rows).toEqual([expect.objectContaining({ sent: true, attempts: 1, last_error: null })]);
  });

  it('waits out a server that holds the data for 20 s: no second instance sends the email meanwhile', async () => {
    const smtp = await startTestSmtp({ beforeReply: () => sleep(20_000) });
    cleanups.push(() => smtp.close());
    // The server must be allowed 20 s of silence; the claim then lasts 24 s.
    const settings = { SMTP_URL: smtp.url, SMTP_SOCKET_TIMEOUT_MS: '21000' };
    const first = await startNotifier(settings);
    await startNotifier(settings, first.databaseUrl);

    await queueTestEmails(first.databaseUrl, 3);
    const rows = await allSent(first.databaseUrl, 40_000);

    const deliveries = compareDeliveries(rows, smtp.received);
    expect(deliveries).toMatchObject({ unsent: 0, lost: 0, strangers: 0, duplicates: 0 });
    expect(rows.map((row) => row.attempts)).toEqual([1, 1, 1]);
  }, 60_000);

  it('sends again, under the same Message-ID, an email whose connection dropped before the reply', async () => {
    const seen = new Set<string>();
    const smtp = await startTestSmtp({
      beforeReply: (mail) => {
        const first = !seen.has(mail.parsed.messageId!);
        seen.add(mail.parsed.messageId!);
        return first ? 'drop' : undefined;
      },
    });
    cleanups.push(() => smtp.close());
    const notifier = await startNotifier({ SMTP_URL: smtp.url });

    await queueTestEmails(notifier.databaseUrl, 3);
    const rows = await allSent(notifier.databaseUrl);

    const deliveries = compareDeliveries(rows, smtp.received);
    expect(deliveries).toMatchObject({ unsent: 0, lost: 0, strangers: 0, duplicates: 3 });
    expect(rows.map((row) => [deliveries.copies(row), row.attempts, row.last_error])).toEqual([
      [2, 2, null],
      [2, 2, null],
      [2, 2, null],
    ]);
  });

  it('has several emails in flight at once, never more than MAIL_SEND_CONCURRENCY', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const smtp = await startTestSmtp({
      beforeReply: async () => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await sleep(200);
        inFlight--;
      },
    });
    cleanups.push(() => smtp.close());
    const notifier = await startNotifier({ SMTP_URL: smtp.url, MAIL_SEND_CONCURRENCY: '4' });

    await queueTestEmails(notifier.databaseUrl, 16);
    const rows = await allSent(notifier.databaseUrl);

    expect(compareDeliveries(rows, smtp.received)).toMatchObject({ unsent: 0, lost: 0, strangers: 0, duplicates: 0 });
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(4);
  });

  it('two instances on one database share the queue and send each email once', async () => {
    const [smtpA, smtpB] = await Promise.all([startTestSmtp(), startTestSmtp()]);
    cleanups.push(() => smtpA!.close(), () => smtpB!.close());
    // A claim lasts the send's timeouts + 2 s: the file's short ones (4 s) could lapse on a loaded
    // CI machine while a send is still under way, and the other instance would rightly send again.
    const realistic = { SMTP_CONNECTION_TIMEOUT_MS: '5000', SMTP_GREETING_TIMEOUT_MS: '5000', SMTP_SOCKET_TIMEOUT_MS: '10000' };
    const a = await startNotifier({ SMTP_URL: smtpA!.url, ...realistic });
    await startNotifier({ SMTP_URL: smtpB!.url, ...realistic }, a.databaseUrl);

    await queueTestEmails(a.databaseUrl, 400);
    const rows = await allSent(a.databaseUrl, 30_000);

    expect(compareDeliveries(rows, [...smtpA!.received, ...smtpB!.received])).toMatchObject({ unsent: 0, lost: 0, strangers: 0, duplicates: 0 });
    expect(smtpA!.received.length).toBeGreaterThan(0);
    expect(smtpB!.received.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });

  /** A migrated notifier database with `emails` queued, and a connection to it (no service running). */
  async function queueOnly(emails: number) {
    const databaseUrl = newTestDatabaseUrl('notifier');
    databases.push(databaseUrl);
    await ensureDatabase(databaseUrl);
    // The service's whole list: its own migrations write to the outbox (0008 announces the system emails).
    await migrate(databaseUrl, serviceMigrations(notifierService));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    cleanups.push(() => client.end());
    await queueTestEmails(databaseUrl, emails);
    return client;
  }

  it("reports the queue's state: waiting, oldest, given up, failed attempts", async () => {
    const client = await queueOnly(6);
    // 1: sent at once; 2: sent at the third attempt; 3: out of attempts; 4: in flight, second attempt;
    // 5: waiting after a failure, queued an hour ago; 6: waiting, never tried.
    await client.query(`
      WITH numbered AS (SELECT id, row_number() OVER (ORDER BY to_address) AS n FROM outgoing_emails)
      UPDATE outgoing_emails e SET
        sent_at = CASE WHEN n IN (1, 2) THEN now() END,
        attempts = CASE n WHEN 1 THEN 1 WHEN 2 THEN 3 WHEN 3 THEN 3 WHEN 4 THEN 2 WHEN 5 THEN 1 ELSE 0 END,
        claimed_until = CASE WHEN n = 4 THEN now() + interval '1 minute' END,
        created_at = CASE WHEN n = 5 THEN now() - interval '1 hour' ELSE created_at END
      FROM numbered WHERE numbered.id = e.id`);

    const state = await emailQueueState(pgExecutor(client), 3);

    expect(state).toEqual({ queued: 3, oldestQueuedSeconds: expect.any(Number), givenUp: 1, failedAttempts: 2 + 3 + 1 + 1 });
    expect(Math.round(state.oldestQueuedSeconds / 60)).toBe(60);
  });

  it('claims as a HOT update, and counts an email\'s failed attempts still once it is sent or retried', async () => {
    const client = await queueOnly(3);
    const failedAttempts = async () => (await emailQueueState(pgExecutor(client), 3)).failedAttempts;
    const claim = () => claimDueEmails(client, { limit: 3, maxAttempts: 3, leaseMs: 60_000 });
    const failed = (email: ClaimedEmail) => ({ email, error: 'connection refused', retryInMs: 0 });

    // No index reads what the claim changes, and the page has room: no row version enters an index again.
    await client.query('BEGIN');
    const first = await claim();
    const { rows: [updates] } = await client.query(
      `SELECT n_tup_upd::int AS updated, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'outgoing_emails'`,
    );
    await client.query('COMMIT');
    expect(first).toHaveLength(3);
    expect(updates).toEqual({ updated: 3, hot: 3 });
    await recordAttempts(client, first.map(failed));
    expect(await failedAttempts()).toBe(3);

    // Second attempts: one sent (its one failure settled in the counter), two fail again.
    const second = (await claim()).sort((a, b) => a.toAddress.localeCompare(b.toAddress));
    await recordAttempts(client, [{ email: second[0]! }, failed(second[1]!), failed(second[2]!)]);
    expect(await failedAttempts()).toBe(1 + 2 + 2);

    // An administrator's retry sets the attempts back to 0: the two failures it had still count.
    expect(await retryEmail(pgExecutor(client), second[2]!.id, randomUUID())).toBe(true);
    expect(await failedAttempts()).toBe(1 + 2 + 2);
  });
});
