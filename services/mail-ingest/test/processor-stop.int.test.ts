import { queryDatabase, waitFor } from '@helpdesk/testing';
import { claimReceived, storeReceived } from '../src/persistence/inbound-email.repository';
import { startProcessorDatabase, startTestProcessor } from './helpers';

/**
 * A processor that stops (SIGTERM) finishes only the emails it is parsing or recording and hands the
 * others it claimed back at once, as they were before the claim: waiting for their parses would
 * outlast an orchestrator's grace period, and a claim left to lapse counts as an interrupted attempt
 * (PROCESSOR_MAX_ATTEMPTS of those quarantine a good email).
 */
describe('the processor, stopping', () => {
  let database: Awaited<ReturnType<typeof startProcessorDatabase>>;

  beforeAll(async () => {
    database = await startProcessorDatabase();
  });
  afterAll(async () => {
    await database?.stop();
  });

  it('records the email it is parsing and hands back the claims it has not started, except one another processor took over', async () => {
    const { db, databaseUrl, accountId } = database;
    const mail = (subject: string) => Buffer.from(`From: anna.berg@acme.example\r\nSubject: ${subject}\r\nX-Test: slow\r\n\r\nbody of ${subject}\r\n`);
    const ids: string[] = [];
    for (const subject of ['first', 'second', 'third', 'taken over']) ids.push(await storeReceived(db.client, { emailAccountId: accountId, raw: mail(subject) }));
    const records = async () =>
      new Map(
        (
          await queryDatabase<{ id: string; state: string; attempts: number; since_requeue: number; claimed: boolean }>(
            databaseUrl,
            `SELECT id, state, attempts, attempts - attempts_at_requeue AS since_requeue, claimed_until IS NOT NULL AS claimed FROM inbound_emails WHERE id = ANY($1)`,
            [ids],
          )
        ).map((row) => [row.id, row]),
      );

    // One parsing thread: the four are claimed in one batch, the first parsing (1.5 s), three waiting.
    const processor = startTestProcessor(db, { concurrency: 1, parseTimeoutMs: 10_000 });
    await waitFor(async () => [...(await records()).values()].every((row) => row.attempts === 1) || undefined, { what: 'the four claimed' });
    // Its claim on the last lapsed, as it were, and another processor took that email.
    await db.client.$executeRawUnsafe(`UPDATE inbound_emails SET attempts = attempts + 1, claimed_until = now() + interval '1 hour' WHERE id = $1::uuid`, ids[3]);
    await processor.stop();

    const after = await records();
    expect(after.get(ids[0]!)).toMatchObject({ state: 'announced', attempts: 1 });
    for (const id of [ids[1]!, ids[2]!]) expect(after.get(id)).toMatchObject({ state: 'received', attempts: 0, since_requeue: 0, claimed: false });
    expect(after.get(ids[3]!)).toMatchObject({ state: 'received', attempts: 2, claimed: true });
    // Taken again at once, as the first claim: the stop cost them no attempt.
    const again = await claimReceived(db.client, { limit: 10, leaseMs: 60_000, maxBytes: 1024 * 1024 });
    expect(again.map((email) => [email.id, email.attempts, email.attemptsSinceRequeue])).toEqual([
      [ids[1], 1, 1],
      [ids[2], 1, 1],
    ]);
  });
});
