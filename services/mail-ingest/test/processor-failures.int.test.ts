import { queryDatabase, waitFor } from '@helpdesk/testing';
import type { Processor } from '../src/jobs/processor.job';
import { storeReceived } from '../src/persistence/inbound-email.repository';
import { startProcessorDatabase, startTestProcessor } from './helpers';

/**
 * A mail the parser cannot finish never holds up the mail behind it (issue 11 §3): a parse stuck past
 * the time limit is stopped and quarantined as parse-timeout, a parsing thread that dies is
 * parse-failed, and the next mail is processed as usual, by one processor working one mail at a time.
 */
describe('the processor and mail its parser cannot finish', () => {
  let database: Awaited<ReturnType<typeof startProcessorDatabase>>;
  let processor: Processor;

  beforeAll(async () => {
    database = await startProcessorDatabase();
  });
  afterAll(async () => {
    await processor?.stop();
    await database?.stop();
  });

  it('quarantines a stuck parse (parse-timeout) and a dying parser (parse-failed), and processes the next mail', async () => {
    const { db, databaseUrl, accountId } = database;
    const mail = (subject: string, header = '') => Buffer.from(`From: anna.berg@acme.example\r\nSubject: ${subject}\r\n${header}\r\nbody of ${subject}\r\n`);
    const hang = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('stuck', 'X-Test: hang\r\n') });
    const crash = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('dying', 'X-Test: crash\r\n') });
    const fine = await storeReceived(db.client, { emailAccountId: accountId, raw: mail('fine') });
    processor = startTestProcessor(db, { concurrency: 1, parseTimeoutMs: 300 });
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
