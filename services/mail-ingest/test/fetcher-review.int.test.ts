// Review of integ, items 2, 3, 4 and 7 (fetcher and account deletion), against a private Dovecot and
// the real PostgreSQL: deleting an account keeps what it ingested; a new destination starts afresh
// without losing mail whose UIDs collide with the old folder's; a UID whose source FETCH came back
// empty is skipped only when confirmed gone; a message over the fetch ceiling is recorded without
// its source and the mailbox goes on.
import { randomUUID } from 'node:crypto';
import { pgExecutor } from '@helpdesk/db';
import { serviceCallHeader, startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import pg from 'pg';
import { syncFolder, type FolderClient, type WorkerContext } from '../src/mail/mailbox-worker';
import { storeReceived } from '../src/persistence/inbound-email.repository';
import { acquireLease } from '../src/persistence/mailbox-state.repository';
import { createAccount as createFetchedAccount, fetcherEnv, mail } from './fetcher-support';
import { administrator, startMailIngest, type MailIngestTestService } from './helpers';


type Row = { id: string; uid: string; uid_validity: string; raw: Buffer | null; size: number; state: string; outcome: string | null; quarantine_reason: string | null; outcome_detail: string | null; duplicate_of: string | null; dedup_key: string };

/** A customer's mail with a small PDF-ish attachment. */
function mailWithAttachment(n: string): { source: Buffer; attachment: Buffer } {
  const attachment = Buffer.from(`%PDF-1.4 invoice ${n} ${randomUUID()}`);
  const source = Buffer.from(
    [
      'From: Anna Berg <anna.berg@acme.example>',
      'To: support@helpdesk.example',
      `Subject: Invoice ${n}`,
      `Message-ID: <invoice-${n}-${randomUUID()}@mail.acme.example>`,
      'Date: Tue, 01 Dec 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The invoice is attached.',
      '--b1',
      `Content-Type: application/pdf; name="invoice-${n}.pdf"`,
      `Content-Disposition: attachment; filename="invoice-${n}.pdf"`,
      'Content-Transfer-Encoding: base64',
      '',
      attachment.toString('base64'),
      '--b1--',
      '',
    ].join('\r\n'),
  );
  return { source, attachment };
}

describe('the mail fetcher (review items 2, 3, 4, 7)', () => {
  let m: MailIngestTestService;
  let dovecot: TestDovecot;
  const admin = administrator();
  let seq = 0;

  beforeAll(async () => {
    [m, dovecot] = await Promise.all([startMailIngest({ env: fetcherEnv }), startTestDovecot()]);
  });
  afterAll(async () => {
    await Promise.all([m?.stop(), dovecot?.close()]);
  });

  async function newMailbox() {
    const user = { user: `review${++seq}@helpdesk.example`, password: `imap-secret-${seq}` };
    await dovecot.addUser(user);
    const imap = await dovecot.connect(user);
    return { ...user, imap };
  }

  const createAccount = (on: MailIngestTestService, user: { user: string; password: string }, extra: Record<string, unknown> = {}) => createFetchedAccount(on, dovecot, user, extra);

  const rowsOf = (on: MailIngestTestService, accountId: string) =>
    on.query<Row>(
      `SELECT id, uid::text, uid_validity::text, raw, size, state, outcome, quarantine_reason, outcome_detail, duplicate_of, dedup_key
       FROM inbound_emails WHERE email_account_id = $1 ORDER BY received_at, inbound_emails.uid`,
      [accountId],
    );

  it('item 2: deleting an account keeps its records, raw sources and attachment bytes (tickets still link them)', async () => {
    const box = await newMailbox();
    const accountId = await createAccount(m, box);
    const { source, attachment } = mailWithAttachment('deleted-account');
    await box.imap.append('INBOX', source);
    const [email] = await waitFor(async () => {
      const rows = await rowsOf(m, accountId);
      return rows.length === 1 && rows[0]!.state === 'announced' ? rows : undefined;
    }, { what: 'the mail fetched and announced', timeoutMs: 20_000 });
    const [stored] = await m.query<{ id: string; content: Buffer }>('SELECT id, content FROM inbound_attachments WHERE email_id = $1', [email!.id]);
    expect(stored!.content).toEqual(attachment);

    expect((await m.call('DELETE', `/api/email-accounts/${accountId}`, { as: admin })).status).toBe(204);
    expect(await m.query('SELECT 1 FROM email_accounts WHERE id = $1', [accountId])).toEqual([]);
    // Its fetch state goes with it; what it ingested stays.
    await waitFor(async () => (await m.query('SELECT 1 FROM mailbox_states WHERE email_account_id = $1', [accountId])).length === 0 || undefined, { what: 'the mailbox state gone' });
    const after = await rowsOf(m, accountId);
    expect(after.map((row) => [row.id, row.state, row.raw])).toEqual([[email!.id, 'announced', source]]);
    const path = `/internal/attachments/${stored!.id}`;
    const response = await fetch(`${m.service.internalUrl}${path}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path }) });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(attachment);
    const record = await m.call('GET', `/api/inbound-emails/${email!.id}`, { as: admin });
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ rawAvailable: true, attachments: [expect.objectContaining({ id: stored!.id })] });

    // Mail stored but not yet processed when its account went: set aside with its source, never left waiting.
    const pool = new pg.Pool({ connectionString: m.service.databaseUrl, max: 1 });
    try {
      const orphan = mail('orphan');
      const waiting = await storeReceived(pgExecutor(pool), { emailAccountId: accountId, raw: orphan, dedupKey: `test:${randomUUID()}` });
      const settled = await waitFor(async () => {
        const [row] = await m.query<Row>('SELECT state, quarantine_reason, raw FROM inbound_emails WHERE id = $1', [waiting]);
        return row && row.state !== 'received' ? row : undefined;
      }, { what: 'the orphaned email processed' });
      expect(settled).toMatchObject({ state: 'quarantined', quarantine_reason: 'account-deleted', raw: orphan });
    } finally {
      await pool.end();
    }
    await box.imap.logout();
  });

  it('item 3: a new folder with the same UIDVALIDITY is synced afresh, its mail whose UIDs collide with the old folder\'s ingested', async () => {
    const box = await newMailbox();
    await box.imap.mailboxCreate('Support');
    const accountId = await createAccount(m, box);
    const inInbox = [mail('inbox-1'), mail('inbox-2'), mail('inbox-3')];
    for (const source of inInbox) await box.imap.append('INBOX', source);
    await waitFor(async () => (await rowsOf(m, accountId)).length === 3 || undefined, { what: 'the INBOX mail' });
    const [{ uid_validity: validity }] = (await m.query<{ uid_validity: string }>('SELECT uid_validity::text FROM mailbox_states WHERE email_account_id = $1', [accountId])) as [{ uid_validity: string }];
    // The other folder under the same UIDVALIDITY (servers that use a constant, or folders created in the same second).
    await dovecot.doveadm('mailbox', 'update', '-u', box.user, '--uid-validity', validity, 'Support');
    const inSupport = [mail('support-1'), mail('support-2')];
    for (const source of inSupport) await box.imap.append('Support', source);
    expect(String((await box.imap.status('Support', { uidValidity: true })).uidValidity)).toBe(validity);

    expect((await m.call('PATCH', `/api/email-accounts/${accountId}`, { as: admin, body: { folder: 'Support' } })).status).toBe(200);
    await waitFor(async () => (await rowsOf(m, accountId)).length === 5 || undefined, { what: "the new folder's mail", timeoutMs: 15_000 });
    const rows = await rowsOf(m, accountId);
    expect(rows.map((row) => row.raw)).toEqual([...inInbox, ...inSupport]);
    expect(rows.map((row) => [row.uid, row.uid_validity, row.duplicate_of])).toEqual([
      ['1', validity, null],
      ['2', validity, null],
      ['3', validity, null],
      ['1', validity, null],
      ['2', validity, null],
    ]);
    await waitFor(
      async () => {
        const [state] = await m.query<{ uid_validity: string; last_uid: string; generation: number }>(
          'SELECT uid_validity::text, last_uid::text, generation FROM mailbox_states WHERE email_account_id = $1',
          [accountId],
        );
        return state?.last_uid === '2' ? state : undefined;
      },
      { what: 'the progress in the new folder' },
    );
    // A change that does not move the account (a rename) keeps the progress.
    const [before] = await m.query<{ generation: number }>('SELECT generation FROM mailbox_states WHERE email_account_id = $1', [accountId]);
    expect((await m.call('PATCH', `/api/email-accounts/${accountId}`, { as: admin, body: { name: `Renamed ${box.user}` } })).status).toBe(200);
    const [renamed] = await m.query<{ generation: number; last_uid: string }>('SELECT generation, last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]);
    expect(renamed).toEqual({ generation: before!.generation, last_uid: '2' });
    await box.imap.logout();
  });

  describe('item 4: a UID whose source FETCH returned nothing', () => {
    /** A folder as imapflow shows it; `withheld` UIDs come back without a source, `vanished` ones are gone (UID SEARCH finds nothing). */
    function fakeFolder(uidValidity: number, messages: Map<number, Buffer>) {
      const withheld = new Set<number>();
      const vanished = new Set<number>();
      const searched: string[] = [];
      const uidsIn = (range: string) => {
        if (range.endsWith(':*')) return [...messages.keys()].filter((uid) => uid >= Number(range.split(':')[0]));
        return range.split(',').map(Number);
      };
      const client = {
        mailbox: { uidValidity: BigInt(uidValidity) },
        async mailboxOpen() {
          return client.mailbox;
        },
        async *fetch(range: string, query: { source?: boolean }) {
          for (const uid of uidsIn(range)) {
            if (!messages.has(uid) || vanished.has(uid)) continue;
            if (query.source) yield withheld.has(uid) ? { uid } : { uid, source: messages.get(uid)! };
            else yield { uid, size: messages.get(uid)!.length };
          }
        },
        async search(query: { uid: string }) {
          searched.push(query.uid);
          return uidsIn(query.uid).filter((uid) => messages.has(uid) && !vanished.has(uid));
        },
        async messageFlagsAdd() {
          return true;
        },
      };
      return { client: client as unknown as FolderClient, withheld, vanished, searched };
    }

    async function leaseOn() {
      const box = await newMailbox();
      // Disabled: no worker of the service takes it; the lease is the test's.
      const accountId = await createAccount(m, box, { enabled: false });
      await box.imap.logout();
      const lease = (await acquireLease(m.service.db.client, accountId, `fake-${accountId}`, 60_000))!;
      const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
      const context = {
        db: m.service.db,
        keys: undefined,
        log: quiet,
        settings: { sweepIntervalMs: 1000, leaseMs: 60_000, reconnectMaxMs: 1000, socketTimeoutMs: 1000, connectTimeoutMs: 1000, storeBatch: 1, maxFetchBytes: 1024 * 1024 },
        onStored: () => undefined,
      } as unknown as WorkerContext;
      return { accountId, lease, context };
    }
    const progress = async (accountId: string) => (await m.query<{ last_uid: string }>('SELECT last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]!.last_uid;

    it('still there (a read error, throttling): the sync fails without passing it, and stores it when it is readable again', async () => {
      const { accountId, lease, context } = await leaseOn();
      const messages = new Map([1, 2, 3].map((uid) => [uid, mail(`fake-${uid}`)] as const));
      const folder = fakeFolder(41, messages);
      folder.withheld.add(2);
      await expect(syncFolder(folder.client, 'INBOX', false, lease, context, () => true)).rejects.toThrow(/UID 2/);
      expect(folder.searched).toEqual(['2']);
      expect(await progress(accountId)).toBe('0');
      expect((await rowsOf(m, accountId)).map((row) => row.uid)).toEqual([]);

      folder.withheld.clear();
      await syncFolder(folder.client, 'INBOX', false, lease, context, () => true);
      expect((await rowsOf(m, accountId)).map((row) => [row.uid, row.raw])).toEqual([1, 2, 3].map((uid) => [String(uid), messages.get(uid)]));
      expect(await progress(accountId)).toBe('3');
    });

    it('confirmed gone (expunged between the two FETCHes): skipped, the rest stored and the progress past it', async () => {
      const { accountId, lease, context } = await leaseOn();
      const messages = new Map([1, 2, 3].map((uid) => [uid, mail(`gone-${uid}`)] as const));
      const folder = fakeFolder(42, messages);
      folder.withheld.add(2);
      // Gone by the time it is looked for.
      const search = folder.client.search.bind(folder.client);
      (folder.client as unknown as { search: typeof search }).search = async (...args: Parameters<typeof search>) => {
        folder.vanished.add(2);
        return search(...args);
      };
      await syncFolder(folder.client, 'INBOX', false, lease, context, () => true);
      expect((await rowsOf(m, accountId)).map((row) => row.uid)).toEqual(['1', '3']);
      expect(await progress(accountId)).toBe('3');
    });
  });

  it('item 7: a message over the fetch ceiling (4 x MAX_MESSAGE_BYTES) is recorded without its source, quarantined too-large, and the mailbox goes on', async () => {
    // MAX_MESSAGE_BYTES 1024: the ceiling is 4096 bytes.
    const small = await startMailIngest({ env: { ...fetcherEnv, MAIL_PROCESSOR_ENABLED: 'false', MAX_MESSAGE_BYTES: '1024' } });
    try {
      const box = await newMailbox();
      const messageId = `<huge-${randomUUID()}@mail.acme.example>`;
      const huge = Buffer.from(
        [`From: Anna Berg <anna.berg@acme.example>`, 'To: support@helpdesk.example', 'Subject: Logs', `Message-ID: ${messageId}`, '', 'x'.repeat(76).concat('\r\n').repeat(100)].join('\r\n'),
      );
      expect(huge.length).toBeGreaterThan(4096);
      const sources = [mail('before-huge'), huge, mail('after-huge')];
      for (const source of sources) await box.imap.append('INBOX', source);
      const accountId = await createAccount(small, box);
      await waitFor(async () => (await rowsOf(small, accountId)).length === 3 || undefined, { what: 'three records', timeoutMs: 20_000 });
      const rows = await rowsOf(small, accountId);
      expect(rows.map((row) => [row.uid, row.state, row.outcome, row.quarantine_reason])).toEqual([
        ['1', 'received', null, null],
        ['2', 'quarantined', 'quarantined', 'too-large'],
        ['3', 'received', null, null],
      ]);
      expect(rows[0]!.raw).toEqual(sources[0]);
      expect(rows[2]!.raw).toEqual(sources[2]);
      expect(rows[1]).toMatchObject({ raw: null, size: huge.length, dedup_key: `mid:${messageId}` });
      expect(rows[1]!.outcome_detail).toMatch(/4096/);
      await waitFor(async () => (await small.query<{ last_uid: string }>('SELECT last_uid::text FROM mailbox_states WHERE email_account_id = $1', [accountId]))[0]?.last_uid === '3' || undefined, {
        what: 'the progress past all three',
      });
      const record = await small.call('GET', `/api/inbound-emails/${rows[1]!.id}`, { as: admin });
      expect(record.body).toMatchObject({ state: 'quarantined', quarantineReason: 'too-large', rawAvailable: false, size: huge.length });
      await box.imap.logout();
    } finally {
      await small.stop();
    }
  });
});
