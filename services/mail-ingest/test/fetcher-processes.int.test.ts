// The fetcher as processes (the built services/mail-ingest/dist, `npm run build` first), against a
// private Dovecot: killed at random points while 500 mails arrive, every mail is stored exactly once;
// two instances on the same mailboxes store every mail once, one connection and one lease holder per
// mailbox at a time, and the other takes over when the holder is killed.
import { freePort, startTestDovecot, testEnvironment, testKeys, testSecrets, waitFor, type TestDovecot } from '@helpdesk/testing';
import { runServiceProcess, waitUntilReady } from '../../../test/e2e/support/service-process';
import { createAccount, mail } from './fetcher-support';
import { startMailIngest, type MailIngestTestService } from './helpers';

// Long enough that a holder stalled by a loaded machine (2 cores, the suite in parallel) does not lose
// its lease before it is killed: the lease intervals below are read from the instances' logs, which a
// silent lapse would not show.
const leaseMs = 4000;

describe('the mail fetcher as processes', () => {
  let m: MailIngestTestService;
  let dovecot: TestDovecot;
  const children: Array<ReturnType<typeof runServiceProcess>> = [];
  let seq = 0;

  beforeAll(async () => {
    // In the test process: the database, its migrations and the accounts API; it fetches nothing itself.
    [m, dovecot] = await Promise.all([startMailIngest(), startTestDovecot()]);
  });
  afterAll(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await Promise.all([m?.stop(), dovecot?.close()]);
  });

  /** Another mail-ingest instance on the same database and bus prefix, fetching. */
  async function startInstance(name: string, env: Record<string, string> = {}) {
    const port = await freePort();
    const child = runServiceProcess('mail-ingest', {
      PORT: String(port),
      INTERNAL_PORT: '0',
      DATABASE_URL: m.service.databaseUrl,
      AMQP_URL: testEnvironment.amqpUrl,
      BUS_PREFIX: m.busPrefix,
      ...testKeys.env('mail-ingest'),
      EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
      LOG_LEVEL: 'info',
      MAIL_INSTANCE_ID: name,
      IMAP_SWEEP_INTERVAL_MS: '500',
      MAIL_LEASE_MS: String(leaseMs),
      MAIL_ACCOUNTS_REFRESH_MS: '200',
      IMAP_RECONNECT_MAX_MS: '1000',
      ...env,
    });
    children.push(child);
    return { ...child, port, name };
  }

  async function newAccount() {
    const user = { user: `box${++seq}@helpdesk.example`, password: `imap-secret-${seq}` };
    await dovecot.addUser(user);
    const id = await createAccount(m, dovecot, user);
    return { id, ...user, imap: await dovecot.connect(user) };
  }

  const stored = (accountId: string) =>
    m.query<{ message_id: string; raw: Buffer | null; duplicate_of: string | null; uid: string }>(
      'SELECT message_id, raw, duplicate_of, uid::text FROM inbound_emails WHERE email_account_id = $1 ORDER BY inbound_emails.uid',
      [accountId],
    );
  const count = async (accountId: string) => Number((await m.query<{ n: string }>('SELECT count(*) AS n FROM inbound_emails WHERE email_account_id = $1', [accountId]))[0]!.n);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('stores each of 500 mails exactly once, byte for byte, while the instance is killed at random points and restarted', async () => {
    const box = await newAccount();
    const sent = new Map<string, Buffer>();
    let appended = 0;
    const appending = (async () => {
      for (let n = 1; n <= 500; n += 1) {
        const source = mail(`kill-${n}`);
        sent.set(/Message-ID: (<[^>]+>)/.exec(source.toString('utf8'))![1]!, source);
        await box.imap.append('INBOX', source);
        appended = n;
        if (n % 10 === 0) await sleep(300);
      }
    })();

    const started = Date.now();
    let kills = 0;
    const progressAtKill: number[] = [];
    // Kill until everything is appended, and at least 6 times.
    while (appended < 500 || kills < 6) {
      // Every other restart under the name of the one killed (it takes its own lease back at once), the
      // others under a new name (they wait for the dead holder's lease to lapse).
      const instance = await startInstance(kills % 2 === 0 ? 'restarted' : `new-name-${kills}`);
      await waitUntilReady('mail-ingest', instance.port);
      await sleep(Math.random() * 2000);
      instance.child.kill('SIGKILL');
      await instance.exited;
      kills += 1;
      progressAtKill.push(await count(box.id));
      if (process.env.DEBUG_FETCHER) process.stdout.write(`--- ${instance.name}\n${instance.output().stdout}${instance.output().stderr}\n`);
      if (kills > 40) throw new Error(`appending did not finish: ${appended} of 500`);
    }
    await appending;

    const last = await startInstance('last');
    await waitUntilReady('mail-ingest', last.port);
    await waitFor(async () => (await count(box.id)) >= 500 || undefined, { what: '500 stored mails', timeoutMs: 60_000 });
    const elapsedMs = Date.now() - started;
    // (The last kill may have come after everything was stored: then 'last' takes the lease once the dead holder's lapses.)
    const leaseHolder = async () => (await m.query<{ lease_holder: string | null }>('SELECT lease_holder FROM mailbox_states WHERE email_account_id = $1', [box.id]))[0]!.lease_holder;
    await waitFor(async () => (await leaseHolder()) === 'last' || undefined, { what: 'the last instance holding the mailbox' });
    last.child.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    const rows = await stored(box.id);
    expect(rows).toHaveLength(500);
    expect(rows.every((row) => row.duplicate_of === null)).toBe(true);
    expect(new Set(rows.map((row) => row.message_id)).size).toBe(500);
    for (const row of rows) expect(row.raw).toEqual(sent.get(row.message_id));
    expect(rows.map((row) => Number(row.uid))).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    // The kills came while mail was being stored, not only before or after.
    expect(progressAtKill.some((n) => n > 0 && n < 500)).toBe(true);
    // The clean stop gave the lease up.
    expect((await m.query('SELECT lease_holder, last_uid::text FROM mailbox_states WHERE email_account_id = $1', [box.id]))[0]).toEqual({ lease_holder: null, last_uid: '500' });
    process.stdout.write(`fetcher kill test: 500 mails, ${kills} kills (stored at each kill: ${progressAtKill.join(', ')}), ${(elapsedMs / 1000).toFixed(1)} s\n`);
    await box.imap.logout();
  }, 180_000);

  it('with two instances on the same mailboxes (ten mails per transaction): each mail once, one holder and one connection per mailbox, the other takes over when the holder is killed', async () => {
    const boxes = [await newAccount(), await newAccount(), await newAccount()];
    // Ten messages per transaction here (the kill test runs the default, MAIL_STORE_BATCH 20).
    const a = await startInstance('instance-a', { MAIL_STORE_BATCH: '10' });
    const b = await startInstance('instance-b', { MAIL_STORE_BATCH: '10' });
    await Promise.all([waitUntilReady('mail-ingest', a.port), waitUntilReady('mail-ingest', b.port)]);
    const sent = boxes.map(() => [] as Buffer[]);
    const appendRound = async (round: number) => {
      for (const [i, box] of boxes.entries()) {
        for (let k = 0; k < 20; k += 1) {
          const source = mail(`two-${round}-${i}-${k}`);
          sent[i]!.push(source);
          await box.imap.append('INBOX', source);
        }
      }
    };
    const allStored = () =>
      waitFor(async () => (await Promise.all(boxes.map((box, i) => count(box.id).then((n) => n >= sent[i]!.length)))).every(Boolean) || undefined, {
        what: 'every mail stored',
        timeoutMs: 30_000,
      });
    await appendRound(1);
    await allStored();

    // One IMAP session per mailbox: the holder's (the test's own clients log out first).
    for (const box of boxes) await box.imap.logout();
    const sessions = async () => {
      const lines = (await dovecot.doveadm('who', '-1')).trim().split('\n').slice(1);
      return boxes.map((box) => lines.filter((line) => line.split(/\s+/)[0] === box.user).length);
    };
    await waitFor(async () => (await sessions()).every((n) => n === 1) || undefined, { what: 'exactly one session per mailbox', timeoutMs: 10_000 });
    const holders = async () =>
      (await m.query<{ lease_holder: string | null }>('SELECT lease_holder FROM mailbox_states WHERE email_account_id = ANY($1::uuid[]) ORDER BY email_account_id', [boxes.map((box) => box.id)])).map((row) => row.lease_holder);
    const before = await holders();
    expect(before.every((holder) => holder === 'instance-a' || holder === 'instance-b')).toBe(true);

    // Kill whichever holds the first mailbox; the other takes over every mailbox once the leases lapse.
    const victim = before[0] === 'instance-a' ? a : b;
    const survivor = victim === a ? b : a;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    for (const box of boxes) {
      box.imap = await dovecot.connect(box);
    }
    await appendRound(2);
    await waitFor(async () => (await holders()).every((holder) => holder === survivor.name) || undefined, { what: `${survivor.name} holding every mailbox`, timeoutMs: 20_000 });
    await allStored();

    for (const [i, box] of boxes.entries()) {
      const rows = await stored(box.id);
      expect(rows).toHaveLength(sent[i]!.length);
      expect(rows.every((row) => row.duplicate_of === null)).toBe(true);
      expect(rows.map((row) => row.raw)).toEqual(sent[i]);
    }

    // The leases, as both instances logged them: per mailbox, never two holders at once.
    const events = [a, b].flatMap((instance) =>
      instance
        .output()
        .stdout.trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { msg: string; time: string; emailAccountId?: string })
        .filter((line) => line.emailAccountId && /^mailbox lease (taken|released|lost)/.test(line.msg))
        .map((line) => ({ instance: instance.name, account: line.emailAccountId!, at: Date.parse(line.time), taken: line.msg.startsWith('mailbox lease taken') })),
    );
    for (const box of boxes) {
      const intervals: Array<{ instance: string; from: number; to: number }> = [];
      for (const instance of [a, b]) {
        let open: number | undefined;
        for (const event of events.filter((e) => e.account === box.id && e.instance === instance.name).sort((x, y) => x.at - y.at)) {
          if (event.taken) open = event.at;
          else if (open !== undefined) {
            intervals.push({ instance: instance.name, from: open, to: event.at });
            open = undefined;
          }
        }
        if (open !== undefined) intervals.push({ instance: instance.name, from: open, to: instance === victim ? killedAt : Infinity });
      }
      // The survivor holds every mailbox at the end; one the victim still held when it was killed (under load
      // a late renewal can lose a lease before the kill) was taken over after the kill.
      expect(intervals.some((interval) => interval.instance === survivor.name && interval.to === Infinity)).toBe(true);
      if (intervals.some((interval) => interval.instance === victim.name && interval.to === killedAt)) {
        expect(intervals.some((interval) => interval.instance === survivor.name && interval.from >= killedAt)).toBe(true);
      }
      for (const x of intervals) for (const y of intervals) if (x !== y && x.instance !== y.instance) expect(x.to <= y.from || y.to <= x.from).toBe(true);
    }

    for (const box of boxes) await box.imap.logout();
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 120_000);
});
