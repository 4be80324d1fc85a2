import { randomUUID } from 'node:crypto';
import { queryDatabase, waitFor } from '@helpdesk/testing';
import pg from 'pg';
import { decide, eventsOf } from '../src/domain/process-email';
import { parseEmail } from '../src/domain/parse-email';
import type { Processor } from '../src/jobs/processor.job';
import type { MailIngestDatabase } from '../src/persistence/client';
import { claimReceived, recordProcessed, storeReceived, type ClaimedEmail } from '../src/persistence/inbound-email.repository';
import { startProcessorDatabase, startTestProcessor } from './helpers';

// Watched, not replaced (each calls the real one): the results the processor builds for recording,
// and the groups it records them in, to see that a group was refused and its emails recorded again alone.
jest.mock('../src/domain/process-email', () => {
  const actual = jest.requireActual('../src/domain/process-email');
  return { ...actual, eventsOf: jest.fn(actual.eventsOf) };
});
jest.mock('../src/persistence/inbound-email.repository', () => {
  const actual = jest.requireActual('../src/persistence/inbound-email.repository');
  return { ...actual, recordProcessed: jest.fn(actual.recordProcessed) };
});

/**
 * The processor claims a batch of emails and records their results a group per statement (issue 11
 * throughput), keeping every guarantee of one email at a time: a claim that lapsed in the meantime
 * (another processor took the email) records nothing of that email and all of the others, and an
 * email whose result the database refuses is quarantined alone.
 */
describe('the processor, a batch of emails at a time', () => {
  const systemDomain = 'helpdesk.example';
  let database: Awaited<ReturnType<typeof startProcessorDatabase>>;
  let db: MailIngestDatabase;
  let processor: Processor | undefined;

  beforeAll(async () => {
    database = await startProcessorDatabase();
    db = database.db;
  });
  afterEach(async () => {
    await processor?.stop();
    processor = undefined;
  });
  afterAll(async () => {
    await database?.stop();
  });

  /** A mail with an attachment, marked for the test parser (an X-Test header per mark). */
  const store = (subject: string, ...marks: string[]) => {
    const boundary = `b-${randomUUID()}`;
    const raw = Buffer.from(
      `From: anna.berg@acme.example\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@acme.example>\r\n${marks.map((mark) => `X-Test: ${mark}\r\n`).join('')}` +
        `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
        `--${boundary}\r\nContent-Type: text/plain\r\n\r\nbody of ${subject}\r\n` +
        `--${boundary}\r\nContent-Type: text/plain; name="notes.txt"\r\nContent-Disposition: attachment; filename="notes.txt"\r\n\r\nnotes of ${subject}\r\n` +
        `--${boundary}--\r\n`,
    );
    return storeReceived(db.client, { emailAccountId: database.accountId, raw });
  };
  const records = async (ids: string[]) =>
    new Map(
      (
        await queryDatabase<{ id: string; state: string; attempts: number; quarantine_reason: string | null; outcome_detail: string | null; events: number; attachments: number }>(
          database.databaseUrl,
          `SELECT e.id, e.state, e.attempts, e.quarantine_reason, e.outcome_detail,
                  (SELECT count(*)::int FROM outbox o WHERE o.payload->'aggregate'->>'id' = e.id::text) AS events,
                  (SELECT count(*)::int FROM inbound_attachments a WHERE a.email_id = e.id) AS attachments
           FROM inbound_emails e WHERE e.id = ANY($1)`,
          [ids],
        )
      ).map((row) => [row.id, row]),
    );
  const start = (concurrency: number) => startTestProcessor(db, { concurrency, parseTimeoutMs: 10_000 });
  /** What the processor records of a claimed email, built as it builds it. */
  const processedOf = async (email: ClaimedEmail, refused = false) => {
    const parsed = await parseEmail(email.raw!);
    // Attachment sizes past what the database's integer holds (the event's schema allows them), as the test parser's `refused`.
    if (refused) parsed.attachments = parsed.attachments.map((a) => ({ ...a, size: 2 ** 31 }));
    const decision = decide(email, parsed, systemDomain);
    return { email, result: decision.result, events: eventsOf(email, decision) };
  };
  const claimAll = () => claimReceived(db.client, { limit: 50, leaseMs: 60_000, maxBytes: 1024 * 1024 });

  it('records a group in one statement: an email whose claim lapsed (another processor took it) records nothing, the others everything', async () => {
    const ids = [await store('first'), await store('taken over'), await store('third')];
    const claimed = await claimAll();
    expect(claimed.map((email) => email.id).sort()).toEqual([...ids].sort());
    const group = await Promise.all(claimed.map((email) => processedOf(email)));
    // Another processor claims the second email again.
    await db.client.$executeRawUnsafe(`UPDATE inbound_emails SET attempts = attempts + 1, claimed_until = now() + interval '1 hour' WHERE id = $1::uuid`, ids[1]);

    expect((await recordProcessed(db.client, group)).sort()).toEqual([ids[0], ids[2]].sort());
    const after = await records(ids);
    for (const id of [ids[0]!, ids[2]!]) expect(after.get(id)).toMatchObject({ state: 'announced', events: 1, attachments: 1 });
    expect(after.get(ids[1]!)).toMatchObject({ state: 'received', attempts: 2, events: 0, attachments: 0 });
  });

  it('records all of a group or none: a value the database refuses fails the whole statement', async () => {
    const ids = [await store('fine'), await store('refused')];
    const claimed = await claimAll();
    const group = await Promise.all(claimed.map((email) => processedOf(email, email.id === ids[1])));
    await expect(recordProcessed(db.client, group)).rejects.toThrow(/out of range for type integer/);
    const after = await records(ids);
    for (const id of ids) expect(after.get(id)).toMatchObject({ state: 'received', events: 0, attachments: 0 });
    // Left for the processor test below.
    await db.client.$executeRawUnsafe(`UPDATE inbound_emails SET state = 'own-mail', claimed_until = NULL WHERE id = ANY($1::uuid[])`, ids);
  });

  it('processing a batch, records the others when one email\'s claim lapses mid-way, and not that one', async () => {
    const ids = [await store('slow one', 'slow'), await store('slow, taken over', 'slow'), await store('slow three', 'slow')];
    processor = start(3);
    // All three claimed and parsing (1.5 s each): another processor takes the second over.
    await waitFor(async () => [...(await records(ids)).values()].every((row) => row.attempts === 1) || undefined, { what: 'the three claimed' });
    await db.client.$executeRawUnsafe(`UPDATE inbound_emails SET attempts = attempts + 1, claimed_until = now() + interval '1 hour' WHERE id = $1::uuid`, ids[1]);
    await waitFor(async () => {
      const rows = await records([ids[0]!, ids[2]!]);
      return [...rows.values()].every((row) => row.state !== 'received') || undefined;
    }, { what: 'the other two recorded' });
    await processor.stop();

    const after = await records(ids);
    for (const id of [ids[0]!, ids[2]!]) expect(after.get(id)).toMatchObject({ state: 'announced', events: 1, attachments: 1 });
    expect(after.get(ids[1]!)).toMatchObject({ state: 'received', attempts: 2, events: 0, attachments: 0 });
  });

  it('processing a batch, quarantines only the email whose result the database refuses, and records the others of its group', async () => {
    // The test holds the outbox so that the processor's first statement waits, and the results of the
    // three slow mails come in meanwhile: they are then recorded as one group, which the database refuses.
    const outbox = new pg.Client({ connectionString: database.databaseUrl });
    await outbox.connect();
    try {
      await outbox.query('BEGIN');
      await outbox.query('LOCK TABLE outbox IN SHARE MODE');
      const first = await store('first');
      const ids = [await store('slow fine', 'slow'), await store('slow refused', 'slow', 'refused'), await store('slow fine too', 'slow')];
      jest.mocked(eventsOf).mockClear();
      jest.mocked(recordProcessed).mockClear();
      processor = start(4);
      await waitFor(async () => (await queryDatabase(database.databaseUrl, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).length > 0 || undefined, {
        what: 'the first statement waiting for the outbox',
      });
      // The processor builds a result's events as it hands the result over for recording.
      await waitFor(() => jest.mocked(eventsOf).mock.calls.length === 4 || undefined, { what: 'the four results waiting to be recorded' });
      await outbox.query('COMMIT');
      await waitFor(async () => [...(await records([first, ...ids])).values()].every((row) => row.state !== 'received') || undefined, { what: 'the four processed' });

      const statements = await Promise.all(
        jest.mocked(recordProcessed).mock.calls.map(async ([, group], call) => ({
          ids: group.map((processed) => processed.email.id),
          refused: (await Promise.allSettled([jest.mocked(recordProcessed).mock.results[call]!.value]))[0]!.status === 'rejected',
        })),
      );
      // Results that came in while a statement waited are recorded as one group; which ones join it depends on
      // when each parse ended (a loaded machine may finish a slow one before the first statement). The group
      // holding the refused result is refused whole; each of its emails is then recorded again alone, and
      // the refused one is quarantined by a statement of its own.
      const refusedGroup = statements.find((statement) => statement.refused && statement.ids.length > 1)!;
      expect(refusedGroup.ids).toContain(ids[1]);
      const alone = statements.indexOf(refusedGroup) + 1;
      expect(statements.slice(alone, alone + refusedGroup.ids.length)).toEqual(refusedGroup.ids.map((id) => ({ ids: [id], refused: id === ids[1] })));
      expect(statements.at(-1)).toEqual({ ids: [ids[1]], refused: false });
      expect(statements).toHaveLength(alone + refusedGroup.ids.length + 1);
      const after = await records([first, ...ids]);
      for (const id of [first, ids[0]!, ids[2]!]) expect(after.get(id)).toMatchObject({ state: 'announced', events: 1, attachments: 1 });
      expect(after.get(ids[1]!)).toMatchObject({ state: 'quarantined', quarantine_reason: 'parse-failed', outcome_detail: expect.stringMatching(/^Processing failed: .*out of range for type integer/), events: 0, attachments: 0 });
    } finally {
      await outbox.end();
    }
  });
});
