import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Registry } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import { deleteBusTopology, newTestBusPrefix, queryDatabase, startTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { startProcessor, type Processor } from '../src/jobs/processor.job';
import { openDatabase, type MailIngestDatabase } from '../src/persistence/client';
import { storeReceived } from '../src/persistence/inbound-email.repository';
import { mailIngestService } from '../src/service';

/**
 * A mail the parser cannot finish never holds up the mail behind it (issue 11 §3): a parse stuck past
 * the time limit is stopped and quarantined as parse-timeout, a parsing thread that dies is
 * parse-failed, and the next mail is processed as usual, by one processor working one mail at a time.
 */
describe('the processor and mail its parser cannot finish', () => {
  const busPrefix = newTestBusPrefix();
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;
  let db: MailIngestDatabase;
  let processor: Processor;
  const accountId = randomUUID();

  beforeAll(async () => {
    // The service migrates a database of its own; then only this test's processor works on it.
    const service = await startTestService(mailIngestService, { loadConfig, busPrefix });
    ({ databaseUrl, dropDatabase } = service);
    await service.stop();
    db = openDatabase(databaseUrl);
    await db.client.$executeRawUnsafe(
      `INSERT INTO email_accounts (id, name, address, enabled, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id)
       VALUES ($1, 'Support', 'support@helpdesk.example', false, '127.0.0.1', 143, 'none', 'support', 'password', '\\x00', 'k1')`,
      accountId,
    );
  });
  afterAll(async () => {
    await processor?.stop();
    await db?.disconnect();
    await dropDatabase?.();
    await deleteBusTopology(busPrefix);
  });

  it('quarantines a stuck parse (parse-timeout) and a dying parser (parse-failed), and processes the next mail', async () => {
    const mail = (subject: string, header = '') => Buffer.from(`From: anna.berg@acme.example\r\nSubject: ${subject}\r\n${header}\r\nbody of ${subject}\r\n`);
    const hang = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('stuck', 'X-Test: hang\r\n') });
    const crash = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('dying', 'X-Test: crash\r\n') });
    const fine = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('fine') });
    processor = startProcessor({
      db,
      log: createLogger({ service: 'mail-ingest', level: 'silent' }),
      metrics: new Registry(),
      maxMessageBytes: 1024 * 1024,
      parseTimeoutMs: 300,
      parseWorkerHeapMb: 256,
      concurrency: 1,
      pollMs: 50,
      maxAttempts: 5,
      systemDomain: 'helpdesk.example',
      parserEntry: path.join(__dirname, 'fixtures', 'selective-parse-worker.js'),
    });
    const states = await waitFor(async () => {
      const rows = await queryDatabase<{ id: string; state: string; quarantine_reason: string | null; outcome_detail: string | null }>(
        databaseUrl,
        `SELECT id, state, quarantine_reason, outcome_detail FROM inbound_emails WHERE id = ANY($1)`,
        [[hang, crash, fine]],
      );
      return rows.every((row) => row.state !== 'received') ? new Map(rows.map((row) => [row.id, row])) : undefined;
    }, { what: 'the three mails processed' });
    expect(states.get(hang)).toMatchObject({ state: 'quarantined', quarantine_reason: 'parse-timeout', outcome_detail: expect.stringMatching(/PARSE_TIMEOUT_MS/) });
    expect(states.get(crash)).toMatchObject({ state: 'quarantined', quarantine_reason: 'parse-failed', outcome_detail: expect.stringMatching(/parser exploded/) });
    expect(states.get(fine)).toMatchObject({ state: 'announced', quarantine_reason: null });
    const events = await queryDatabase<{ id: string }>(databaseUrl, `SELECT payload->'aggregate'->>'id' AS id FROM outbox WHERE event_type = 'inbound_email.received'`);
    expect(events.map((e) => e.id)).toEqual([fine]);
  });
});
