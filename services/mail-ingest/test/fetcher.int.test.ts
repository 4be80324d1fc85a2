// The fetcher (issue 11 §2) against a private Dovecot, in the test process: every mail stored once
// with its exact source, progress by UIDVALIDITY and UID (never by \Seen), duplicates recorded as
// such, a UIDVALIDITY reset, the accounts' changes picked up, the lease fencing a holder that lost
// it, and Dovecot down and back. The kill and two-instance tests are in fetcher-processes.int.test.ts.
import net from 'node:net';
import pg from 'pg';
import { startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import { dedupKey } from '../src/domain/dedup-key';
import { acquireLease, LeaseLostError, storeFetchedMessage, storeFetchedMessages, startUidValidity } from '../src/persistence/mailbox-state.repository';
import { loadCorpus, renderMessage } from './corpus/corpus';
import { createAccount as createFetchedAccount, fetcherEnv, mail } from './fetcher-support';
import { administrator, startMailIngest, type MailIngestTestService } from './helpers';

// The fetcher alone: what it stores stays as it stored it.
const fetcherAloneEnv = { ...fetcherEnv, MAIL_PROCESSOR_ENABLED: 'false' };

type Row = { id: string; uid: string; uid_validity: string; raw: Buffer | null; state: string; outcome: string | null; duplicate_of: string | null; dedup_key: string; message_id: string | null };

describe('the mail fetcher', () => {
  let m: MailIngestTestService;
  let dovecot: TestDovecot;
  const admin = administrator();
  let seq = 0;

  beforeAll(async () => {
    [m, dovecot] = await Promise.all([startMailIngest({ env: fetcherAloneEnv }), startTestDovecot()]);
  });
  afterAll(async () => {
    await Promise.all([m?.stop(), dovecot?.close()]);
  });

  /** A mailbox user of its own and an IMAP client on it. */
  async function newMailbox() {
    const user = { user: `support${++seq}@helpdesk.example`, password: `imap-secret-${seq}` };
    await dovecot.addUser(user);
    const imap = await dovecot.connect(user);
    return { ...user, imap };
  }

  const createAccount = (user: { user: string; password: string }, extra: Record<string, unknown> = {}) => createFetchedAccount(m, dovecot, user, extra);

  const rows = (accountId: string) => m.query<Row>('SELECT id, uid::text, uid_validity::text, raw, state, outcome, duplicate_of, dedup_key, message_id FROM inbound_emails WHERE email_account_id = $1 ORDER BY inbound_emails.uid_validity, inbound_emails.uid', [accountId]);
  const firstDeliveries = async (accountId: string) => (await rows(accountId)).filter((row) => row.duplicate_of === null);
  const waitForRows = (accountId: string, n: number, what = `${n} stored emails`) => waitFor(async () => (await rows(accountId)).length >= n || undefined, { what, timeoutMs: 20_000 });
  const accountState = async (accountId: string) => (await m.call('GET', `/api/email-accounts/${accountId}`, { as: admin })).body.state;

  it('stores every mail once with its exact source, advances the progress in the same transaction, then flags it \\Seen; the state shows the sync', async () => {
    const box = await newMailbox();
    const before = [mail(1), mail(2), mail(3, { messageId: false })];
    for (const source of before) await box.imap.append('INBOX', source);
    const accountId = await createAccount(box);
    await waitForRows(accountId, 3);
    // Arrives while the fetcher waits in IDLE.
    const later = [mail(4), mail(5)];
    for (const source of later) await box.imap.append('INBOX', source);
    await waitForRows(accountId, 5);

    const stored = await rows(accountId);
    expect(stored.map((row) => row.raw)).toEqual([...before, ...later]);
    expect(stored.map((row) => [row.uid, row.state, row.outcome, row.duplicate_of])).toEqual(['1', '2', '3', '4', '5'].map((uid) => [uid, 'received', null, null]));
    expect(stored.map((row) => row.dedup_key)).toEqual([...before, ...later].map((source) => dedupKey(source).key));
    expect(stored[2]!.message_id).toBeNull();
    expect(stored[2]!.dedup_key).toMatch(/^hash:/);
    const status = await box.imap.status('INBOX', { uidValidity: true });
    expect(new Set(stored.map((row) => row.uid_validity))).toEqual(new Set([String(status.uidValidity)]));
    const [state] = await m.query<{ uid_validity: string; last_uid: string; lease_holder: string | null }>('SELECT uid_validity::text, last_uid::text, lease_holder FROM mailbox_states WHERE email_account_id = $1', [accountId]);
    expect(state).toMatchObject({ uid_validity: String(status.uidValidity), last_uid: '5' });
    expect(state!.lease_holder).toEqual(expect.any(String));

    await waitFor(
      async () => {
        const lock = await box.imap.getMailboxLock('INBOX');
        try {
          const flags: boolean[] = [];
          for await (const message of box.imap.fetch('1:*', { uid: true, flags: true }, { uid: true })) flags.push(message.flags?.has('\\Seen') ?? false);
          return (flags.length === 5 && flags.every(Boolean)) || undefined;
        } finally {
          lock.release();
        }
      },
      { what: 'every fetched mail flagged \\Seen' },
    );
    await waitFor(async () => ((await accountState(accountId)).lastSyncAt ? true : undefined), { what: 'lastSyncAt' });
    expect(await accountState(accountId)).toMatchObject({ lastError: null, lastErrorAt: null, backlog: 0 });
    await box.imap.logout();
  });

  it.each([
    ['arriving while the account is live', false],
    ['already in the mailbox, so stored in one statement together (MAIL_STORE_BATCH)', true],
  ])('records another delivery of a stored mail as a duplicate pointing at the first, by Message-ID or by header hash (corpus 43, 44), raw not kept again: %s', async (_, beforeAccount) => {
    const box = await newMailbox();
    const corpus = loadCorpus();
    const values = { tickets: {}, maxMessageBytes: 1024 * 1024 };
    const byMessageId = renderMessage(corpus.find((c) => c.name.startsWith('44-'))!, values);
    const byHash = renderMessage(corpus.find((c) => c.name.startsWith('43-'))!, values);
    const append = async () => {
      for (const source of [byMessageId, byHash, byMessageId, byHash]) await box.imap.append('INBOX', source);
    };
    if (beforeAccount) await append();
    const accountId = await createAccount(box);
    if (!beforeAccount) await append();
    await waitForRows(accountId, 4);
    const stored = await rows(accountId);
    expect(stored.map((row) => [row.state, row.outcome, row.duplicate_of])).toEqual([
      ['received', null, null],
      ['received', null, null],
      ['duplicate', 'duplicate', stored[0]!.id],
      ['duplicate', 'duplicate', stored[1]!.id],
    ]);
    expect(stored.map((row) => row.raw)).toEqual([byMessageId, byHash, null, null]);
    expect(stored[2]!.dedup_key).toBe('mid:<f00dfeed-dup-4711@acme.example>');
    await box.imap.logout();
  });

  it('ingests exactly once while another client marks everything read and some unread again', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(box);
    const sources: Buffer[] = [];
    for (let round = 0; round < 5; round += 1) {
      for (let i = 0; i < 6; i += 1) {
        const source = mail(`seen-${round}-${i}`);
        sources.push(source);
        await box.imap.append('INBOX', source, round % 2 === 0 ? ['\\Seen'] : []);
      }
      const lock = await box.imap.getMailboxLock('INBOX');
      try {
        await box.imap.messageFlagsAdd('1:*', ['\\Seen'], { uid: true });
        if (round % 2 === 1) await box.imap.messageFlagsRemove('1:*', ['\\Seen'], { uid: true });
      } finally {
        lock.release();
      }
    }
    await waitForRows(accountId, sources.length);
    await waitFor(async () => ((await accountState(accountId)).lastSyncAt ? true : undefined), { what: 'a finished sync' });
    const stored = await rows(accountId);
    expect(stored).toHaveLength(sources.length);
    expect(stored.map((row) => row.raw)).toEqual(sources);
    await box.imap.logout();
  });

  it('after a UIDVALIDITY reset stores no mail again as a first delivery, and stores new mail', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(box);
    const old = [mail('v1'), mail('v2'), mail('v3', { messageId: false })];
    for (const source of old) await box.imap.append('INBOX', source);
    await waitForRows(accountId, 3);
    const [{ uid_validity: before }] = (await m.query<{ uid_validity: string }>('SELECT uid_validity::text FROM mailbox_states WHERE email_account_id = $1', [accountId])) as [{ uid_validity: string }];
    await box.imap.logout();

    await dovecot.doveadm('mailbox', 'update', '-u', box.user, '--uid-validity', String(Number(before) + 1000), 'INBOX');
    const again = await newMailboxClient(box);
    const fresh = mail('after-reset');
    await again.append('INBOX', fresh);
    const after = String(Number(before) + 1000);
    await waitFor(async () => (await rows(accountId)).some((row) => row.uid_validity === after && row.uid === '4') || undefined, { what: 'the new mail under the new UIDVALIDITY' });
    await waitFor(async () => (await rows(accountId)).length >= 7 || undefined, { what: 'the old mail seen again under the new UIDVALIDITY' });

    const first = await firstDeliveries(accountId);
    expect(first.map((row) => row.raw)).toEqual([...old, fresh]);
    const stored = await rows(accountId);
    expect(stored.filter((row) => row.uid_validity === after).map((row) => [row.uid, row.state])).toEqual([
      ['1', 'duplicate'],
      ['2', 'duplicate'],
      ['3', 'duplicate'],
      ['4', 'received'],
    ]);
    expect((await m.query('SELECT uid_validity::text, last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]).toEqual({ uid_validity: after, last_uid: '4' });
    await again.logout();
  });

  async function newMailboxClient(user: { user: string; password: string }) {
    const imap = await dovecot.connect(user);
    return imap;
  }

  it('stops a disabled account (lease released), fetches it again once enabled, follows a new folder, and stops a deleted one (keeping what it ingested)', async () => {
    const box = await newMailbox();
    await box.imap.mailboxCreate('Helpdesk');
    const accountId = await createAccount(box);
    await box.imap.append('INBOX', mail('on-1'));
    await waitForRows(accountId, 1);

    expect((await m.call('PATCH', `/api/email-accounts/${accountId}`, { as: admin, body: { enabled: false } })).status).toBe(200);
    await waitFor(async () => (await m.query<{ lease_holder: string | null }>('SELECT lease_holder FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]!.lease_holder === null || undefined, {
      what: 'the lease released',
    });
    const whileDisabled = mail('off-1');
    await box.imap.append('INBOX', whileDisabled);
    // Several sweeps and account looks pass: nothing is fetched for a disabled account.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rows(accountId)).toHaveLength(1);

    expect((await m.call('PATCH', `/api/email-accounts/${accountId}`, { as: admin, body: { enabled: true } })).status).toBe(200);
    await waitForRows(accountId, 2, 'the mail that came while disabled');
    expect((await rows(accountId))[1]!.raw).toEqual(whileDisabled);

    // Another folder: its own UIDVALIDITY, synced from its UID 1.
    expect((await m.call('PATCH', `/api/email-accounts/${accountId}`, { as: admin, body: { folder: 'Helpdesk' } })).status).toBe(200);
    const inFolder = mail('folder-1');
    await box.imap.append('Helpdesk', inFolder);
    await waitFor(async () => (await rows(accountId)).some((row) => row.raw?.equals(inFolder)) || undefined, { what: 'the mail of the new folder' });

    const ingested = (await rows(accountId)).map((row) => row.id);
    expect((await m.call('DELETE', `/api/email-accounts/${accountId}`, { as: admin })).status).toBe(204);
    await box.imap.append('Helpdesk', mail('gone-1'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Nothing fetched any more; what it ingested stays (review i11, item 2).
    expect((await rows(accountId)).map((row) => row.id)).toEqual(ingested);
    expect(await m.query('SELECT 1 FROM mailbox_states WHERE email_account_id = $1', [accountId])).toEqual([]);
    await box.imap.logout();
  });

  it('fences a holder whose lease was taken over: its progress and mail roll back', async () => {
    const box = await newMailbox();
    // Created disabled: no worker of this service takes it; the leases below are the test's.
    const accountId = await createAccount(box, { enabled: false });
    const db = m.service.db;
    const a = (await acquireLease(db.client, accountId, 'instance-a', 300))!;
    expect(a).toMatchObject({ lastUid: 0, uidValidity: null });
    expect(await acquireLease(db.client, accountId, 'instance-b', 300)).toBeUndefined();
    await startUidValidity(db.client, a, '77');
    a.uidValidity = '77';
    const message = (uid: number) => {
      const raw = mail(`fenced-${uid}`);
      return { uidValidity: '77', uid, raw, dedupKey: dedupKey(raw).key, messageId: dedupKey(raw).messageId };
    };
    expect(await db.transaction((tx) => storeFetchedMessage(tx, a, message(1)))).toBe('stored');
    // The same UID read again: nothing new.
    expect(await db.transaction((tx) => storeFetchedMessage(tx, a, message(1)))).toBe('already-stored');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const b = (await acquireLease(db.client, accountId, 'instance-b', 300))!;
    expect(BigInt(b.token)).toBeGreaterThan(BigInt(a.token));
    expect(b).toMatchObject({ uidValidity: '77', lastUid: 1 });
    await expect(db.transaction((tx) => storeFetchedMessage(tx, a, message(2)))).rejects.toBeInstanceOf(LeaseLostError);
    expect((await rows(accountId)).map((row) => row.uid)).toEqual(['1']);
    expect((await m.query('SELECT last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]).toEqual({ last_uid: '1' });
    expect(await db.transaction((tx) => storeFetchedMessage(tx, b, message(2)))).toBe('stored');
    await box.imap.logout();
  });

  it('stops fetching a mailbox whose lease another instance took (its connection closed), and takes it again once that lease lapses', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(box);
    await box.imap.append('INBOX', mail('lease-1'));
    await waitForRows(accountId, 1);
    const sessions = async () => (await dovecot.doveadm('who', '-1')).split('\n').filter((line) => line.split(/\s+/)[0] === box.user).length;
    // The test's own client and the fetcher's.
    await waitFor(async () => (await sessions()) === 2 || undefined, { what: "the fetcher's session" });

    // Another instance takes the lease over (as after this one stalled past its lease).
    await m.query("UPDATE mailbox_states SET lease_holder = 'another-instance', lease_token = lease_token + 1, lease_until = now() + interval '1 hour' WHERE email_account_id = $1", [accountId]);
    await waitFor(async () => (await sessions()) === 1 || undefined, { what: 'the fetcher to give its connection up' });
    await box.imap.append('INBOX', mail('lease-2'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await rows(accountId)).toHaveLength(1);

    // The other instance's lease lapses: this one takes the mailbox back and fetches what came meanwhile.
    await m.query("UPDATE mailbox_states SET lease_until = now() - interval '1 second' WHERE email_account_id = $1", [accountId]);
    await waitForRows(accountId, 2, 'the mail that came while another held the lease');
    expect((await m.query<{ lease_holder: string }>('SELECT lease_holder FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]!.lease_holder).not.toBe('another-instance');
    await box.imap.logout();
  });

  it('shows the backlog: the messages past the last UID at the last look, down to 0 once stored', async () => {
    const box = await newMailbox();
    for (const n of [1, 2, 3]) await box.imap.append('INBOX', mail(`backlog-${n}`));
    // Hold the stores back: the fetcher lists the three, then waits to store the first.
    const holder = new pg.Client({ connectionString: m.service.databaseUrl });
    await holder.connect();
    let accountId: string;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE inbound_emails IN SHARE MODE');
      accountId = await createAccount(box);
      await waitFor(async () => ((await accountState(accountId)).backlog === 3 ? true : undefined), { what: 'a backlog of 3' });
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    await waitForRows(accountId, 3);
    await waitFor(async () => ((await accountState(accountId)).backlog === 0 ? true : undefined), { what: 'the backlog back to 0' });
    await box.imap.logout();
  });

  it('stores several messages in one transaction (MAIL_STORE_BATCH): a duplicate within the group points at its first, and a lost lease stores none of them', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(box, { enabled: false });
    const db = m.service.db;
    const lease = (await acquireLease(db.client, accountId, 'instance-batch', 60_000))!;
    await startUidValidity(db.client, lease, '5');
    lease.uidValidity = '5';
    const fetched = (uid: number, raw: Buffer) => ({ uidValidity: '5', uid, raw, dedupKey: dedupKey(raw).key, messageId: dedupKey(raw).messageId });
    const [a, b] = [mail('batch-a'), mail('batch-b')];
    expect(await db.transaction((tx) => storeFetchedMessages(tx, lease, [fetched(1, a), fetched(2, b), fetched(3, a)]))).toEqual(['stored', 'stored', 'duplicate']);
    const stored = await rows(accountId);
    expect(stored.map((row) => [row.uid, row.state, row.duplicate_of])).toEqual([
      ['1', 'received', null],
      ['2', 'received', null],
      ['3', 'duplicate', stored[0]!.id],
    ]);
    expect((await m.query('SELECT last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]).toEqual({ last_uid: '3' });
    await m.query('UPDATE mailbox_states SET lease_token = lease_token + 1 WHERE email_account_id = $1', [accountId]);
    await expect(db.transaction((tx) => storeFetchedMessages(tx, lease, [fetched(4, mail('batch-c')), fetched(5, mail('batch-d'))]))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await rows(accountId)).toHaveLength(3);
    await box.imap.logout();
  });

  // Last: it stops the Dovecot every mailbox of this file is on.
  it('shows the error while Dovecot is down for 30 s and resumes by itself when it is back', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(box);
    await box.imap.append('INBOX', mail('before-outage'));
    await waitForRows(accountId, 1);
    await box.imap.logout();

    await dovecot.stop();
    const downSince = Date.now();
    await waitFor(async () => (await accountState(accountId)).lastError || undefined, { what: 'the error shown', timeoutMs: 20_000 });
    const state = await accountState(accountId);
    expect(state.lastError).toMatch(/cannot be reached/);
    expect(state.lastErrorAt).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - downSince))));
    await dovecot.start();

    const client = await newMailboxClient(box);
    const after = mail('after-outage');
    await client.append('INBOX', after);
    await waitForRows(accountId, 2, 'the mail sent after the outage');
    expect((await rows(accountId))[1]!.raw).toEqual(after);
    await waitFor(async () => ((await accountState(accountId)).lastError === null ? true : undefined), { what: 'the error cleared' });
    await client.logout();
  }, 90_000);
});

/** A relay to Dovecot whose open connections can be frozen: nothing passes either way and nothing closes, as a connection that died silently. */
async function startFreezableProxy(target: { host: string; port: number }) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    for (const socket of pair) socket.on('error', () => socket.destroy());
    client.pipe(upstream).pipe(client);
    client.on('close', () => (upstream.destroy(), pairs.delete(pair)));
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => pairs.size,
    freeze() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close: async () => {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the mail fetcher between sweeps', () => {
  // One sweep an hour: within these tests only IDLE, or a connection found dead, can bring mail in.
  // `idling` keeps imapflow's default socket timeout (no NOOP probes for minutes): only IDLE's own
  // notices bring mail in; `probing` takes a connection silent for 1 s for dead unless a NOOP answers.
  let idling: MailIngestTestService;
  let probing: MailIngestTestService;
  let dovecot: TestDovecot;
  const admin = administrator();
  const mailbox = { user: 'idle@helpdesk.example', password: 'imap-secret-idle' };

  beforeAll(async () => {
    [idling, probing, dovecot] = await Promise.all([
      startMailIngest({ env: { ...fetcherEnv, IMAP_SWEEP_INTERVAL_MS: '3600000' } }),
      startMailIngest({ env: { ...fetcherEnv, IMAP_SWEEP_INTERVAL_MS: '3600000', IMAP_SOCKET_TIMEOUT_MS: '1000' } }),
      startTestDovecot({ users: [mailbox, { user: 'frozen@helpdesk.example', password: 'imap-secret-frozen' }] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([idling?.stop(), probing?.stop(), dovecot?.close()]);
  });

  async function client(user: { user: string; password: string }) {
    const imap = await dovecot.connect(user);
    return imap;
  }
  const storedRaw = async (m: MailIngestTestService, accountId: string) =>
    (await m.query<{ raw: Buffer }>('SELECT raw FROM inbound_emails WHERE email_account_id = $1 ORDER BY inbound_emails.uid', [accountId])).map((row) => row.raw);
  const synced = (m: MailIngestTestService, accountId: string) =>
    waitFor(async () => (await m.query('SELECT 1 FROM email_accounts WHERE id = $1 AND last_sync_at IS NOT NULL', [accountId])).length > 0 || undefined, { what: 'the first sync' });

  it('brings new mail in through IDLE, without waiting for the sweep', async () => {
    const m = idling;
    const created = await m.call('POST', '/api/email-accounts', {
      as: admin,
      body: { name: 'Idle', address: mailbox.user, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password },
    });
    expect(created.status).toBe(201);
    await synced(m, created.body.id);
    const imap = await client(mailbox);
    const sources = [mail('idle-1'), mail('idle-2')];
    for (const source of sources) {
      await imap.append('INBOX', source);
      await waitFor(async () => (await storedRaw(m, created.body.id)).some((raw) => raw.equals(source)) || undefined, { what: 'the mail, through IDLE', timeoutMs: 15_000 });
    }
    expect(await storedRaw(m, created.body.id)).toEqual(sources);
    await imap.logout();
  });

  it('opens a connection that died silently again (IDLE hears nothing) and fetches what came meanwhile', async () => {
    const m = probing;
    const frozen = { user: 'frozen@helpdesk.example', password: 'imap-secret-frozen' };
    const proxy = await startFreezableProxy(dovecot);
    try {
      const created = await m.call('POST', '/api/email-accounts', {
        as: admin,
        body: { name: 'Frozen', address: frozen.user, host: '127.0.0.1', port: proxy.port, tlsMode: 'none', user: frozen.user, password: frozen.password },
      });
      expect(created.status).toBe(201);
      await synced(m, created.body.id);
      await waitFor(async () => proxy.connections() === 1 || undefined, { what: "the fetcher's connection" });
      proxy.freeze();
      const imap = await client(frozen);
      const source = mail('after-freeze');
      await imap.append('INBOX', source);
      await waitFor(async () => (await storedRaw(m, created.body.id)).some((raw) => raw.equals(source)) || undefined, { what: 'the mail, over a new connection', timeoutMs: 30_000 });
      await imap.logout();
    } finally {
      await proxy.close();
    }
  });
});
