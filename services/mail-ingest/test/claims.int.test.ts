// The processor's claim (issue 11 §3) on the real PostgreSQL: oldest first, and never more raw
// sources at once than a budget (the first email whatever its size), so that a batch of large emails
// cannot exhaust the process's memory.
import { storeReceived, claimReceived } from '../src/persistence/inbound-email.repository';
import { startProcessorDatabase } from './helpers';

describe('claiming stored emails', () => {
  let database: Awaited<ReturnType<typeof startProcessorDatabase>>;

  beforeAll(async () => {
    database = await startProcessorDatabase();
  });
  afterAll(async () => {
    await database?.stop();
  });

  const mailOf = (n: number, bytes: number) =>
    Buffer.from(`From: anna.berg@acme.example\r\nSubject: Claim ${n}\r\nMessage-ID: <claim-${n}-${Date.now()}@acme.example>\r\n\r\n${'x'.repeat(bytes)}\r\n`);
  const claim = (maxClaimBytes: number) => claimReceived(database.db.client, { limit: 8, leaseMs: 60_000, maxBytes: 1024 * 1024, maxClaimBytes });

  it('takes the oldest emails whose sources fit the budget, and a single email larger than the budget alone', async () => {
    const sources = [mailOf(1, 1000), mailOf(2, 1000), mailOf(3, 1000), mailOf(4, 5000), mailOf(5, 1000)];
    const ids: string[] = [];
    for (const raw of sources) ids.push(await storeReceived(database.db.client, { emailAccountId: database.accountId, raw }));
    const budget = sources[0]!.length + sources[1]!.length + 10;

    expect((await claim(budget)).map((email) => email.id)).toEqual(ids.slice(0, 2));
    expect((await claim(budget)).map((email) => email.id)).toEqual([ids[2]]);
    // Larger than the budget on its own: still taken, alone, so that it is processed at all.
    expect((await claim(budget)).map((email) => email.id)).toEqual([ids[3]]);
    const last = await claim(budget);
    expect(last.map((email) => email.id)).toEqual([ids[4]]);
    expect(last[0]!.raw).toEqual(sources[4]);
  });
});
