import { randomUUID } from 'node:crypto';
import { inboundEmailFiledV1 } from '@helpdesk/contracts-schema';
import { inPgTransaction, pgExecutor } from '@helpdesk/db';
import { gatewayAssertionHeader, serviceCallHeader, startTestService, waitFor } from '@helpdesk/testing';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { recordProcessed, requeueQuarantined, storeReceived } from '../src/persistence/inbound-email.repository';
import { mailIngestService } from '../src/service';
import { loadCorpus, loadWorld, renderMessage, substitute, type CorpusCase, type RunValues } from './corpus/corpus';
import { administrator, agent, startMailIngest, type MailIngestTestService } from './helpers';

/**
 * The processor and the processing records (issue 11 §3, §4, §7, §9) on the real PostgreSQL and
 * RabbitMQ: every corpus email stored as the fetcher stores it is parsed, classified and recorded,
 * announced (inbound_email.received) or bounced (inbound_email.bounced) through the outbox exactly
 * once, or quarantined with its reason; tickets' inbound_email.filed completes the record; the admin
 * API lists, reads, downloads and retries.
 */
const world = loadWorld();
const corpus = loadCorpus();
const env = { MAX_MESSAGE_BYTES: String(world.settings.maxMessageBytes), MAIL_FROM: `Helpdesk <${world.system.mailbox}>`, PROCESSOR_POLL_MS: '100' };

function runValuesFor(corpusCase: CorpusCase): RunValues {
  const tickets: RunValues['tickets'] = {};
  corpusCase.expected.given.tickets.forEach((ticket, index) => {
    tickets[ticket.ref] = { number: 4100 + index, messageId: `<00000000-0000-4000-8000-00000000000${index + 1}@${world.system.messageIdDomain}>` };
  });
  return { tickets, maxMessageBytes: world.settings.maxMessageBytes };
}

describe('processing inbound email', () => {
  let m: MailIngestTestService;
  const admin = administrator();
  let accountId: string;

  /** An account as the administration stores it, disabled so that no fetcher connects to it; the processor serves it all the same. */
  async function addAccount(address = world.system.mailbox) {
    const id = randomUUID();
    await m.query(
      `INSERT INTO email_accounts (id, name, address, enabled, imap_host, imap_port, tls_mode, imap_user, auth_method, secret_sealed, secret_key_id, default_priority)
       VALUES ($1, $2, $3, false, '127.0.0.1', 143, 'none', $3, 'password', '\\x00', 'k1', 'high')`,
      [id, `Account ${id.slice(0, 8)}`, address],
    );
    return id;
  }
  const store = (raw: Buffer, options: { account?: string; dedupKey?: string } = {}) =>
    storeReceived(pgExecutor(pool), { emailAccountId: options.account ?? accountId, raw, dedupKey: options.dedupKey ?? `test:${randomUUID()}` });
  const record = (id: string) => m.call('GET', `/api/inbound-emails/${id}`, { as: admin });
  const settled = (id: string) =>
    waitFor(async () => {
      const [row] = await m.query<{ state: string }>('SELECT state FROM inbound_emails WHERE id = $1', [id]);
      return row && row.state !== 'received' ? row.state : undefined;
    }, { what: `email ${id} processed` });
  const eventsOf = (id: string) =>
    m.query<{ type: string; data: Record<string, any> }>(`SELECT event_type AS type, payload->'data' AS data FROM outbox WHERE payload->'aggregate'->>'id' = $1 ORDER BY id`, [id]);
  let pool: pg.Pool;

  beforeAll(async () => {
    m = await startMailIngest({ env });
    pool = new pg.Pool({ connectionString: m.service.databaseUrl, max: 2 });
    accountId = await addAccount();
  });
  afterAll(async () => {
    await pool?.end();
    await m?.stop();
  });

  describe('every email of the corpus', () => {
    const stored = new Map<string, { id: string; values: RunValues }>();
    beforeAll(async () => {
      for (const corpusCase of corpus) {
        const values = runValuesFor(corpusCase);
        stored.set(corpusCase.name, { id: await store(renderMessage(corpusCase, values), { dedupKey: `case:${corpusCase.name}` }), values });
      }
      for (const { id } of stored.values()) await settled(id);
    });

    it.each(corpus.map((c) => [c.name, c] as const))('%s ends as its expectation says', async (name, corpusCase) => {
      const { id, values } = stored.get(name)!;
      const outcome = corpusCase.expected.expected;
      const sub = (text: string) => substitute(text, values);
      const response = await record(id);
      expect(response.status).toBe(200);
      const body = response.body;
      const events = await eventsOf(id);

      const byLoopHeader = /^X-Helpdesk-Loop:/im.test(corpusCase.source.toString('latin1'));
      if (outcome.record === 'quarantined') {
        expect(body).toMatchObject({ state: 'quarantined', outcome: 'quarantined', quarantineReason: outcome.quarantine!.reason });
        expect(body.detail).toBeTruthy();
        expect(events).toEqual([]);
      } else if (outcome.record === 'bounce') {
        expect(body).toMatchObject({ state: 'bounce', outcome: 'bounce', bounce: { against: sub(outcome.bounce!.against), recipient: outcome.bounce!.recipient, action: outcome.bounce!.action, status: outcome.bounce!.status } });
        expect(events).toEqual([
          {
            type: 'inbound_email.bounced',
            data: expect.objectContaining({ emailId: id, emailAccountId: accountId, againstMessageId: sub(outcome.bounce!.against), recipient: outcome.bounce!.recipient, status: outcome.bounce!.status }),
          },
        ]);
      } else if (outcome.record === 'own-mail' && byLoopHeader) {
        expect(body).toMatchObject({ state: 'own-mail', outcome: 'own-mail' });
        expect(events).toEqual([]);
      } else {
        // Announced to the tickets service, which decides the rest (own mail by Message-ID included).
        expect(body).toMatchObject({ state: 'announced', outcome: null });
        expect(events.map((e) => e.type)).toEqual(['inbound_email.received']);
        const data = events[0]!.data;
        expect(data).toMatchObject({ emailId: id, emailAccountId: accountId, mailbox: world.system.mailbox, defaults: { teamId: null, priority: 'high' }, automatic: outcome.automatic, truncated: false });
        expect(data.from.address.toLowerCase()).toBe(outcome.from!.address.toLowerCase());
        if (outcome.subject !== undefined) expect(data.subject).toBe(sub(outcome.subject));
        for (const fragment of outcome.text?.mustContain ?? []) expect(data.text).toContain(sub(fragment));
        if (outcome.html === null) expect(data.html).toBeNull();
        for (const fragment of outcome.html?.mustContain ?? []) expect(data.html).toContain(sub(fragment));
        for (const fragment of outcome.html?.mustNotContain ?? []) expect(data.html.toLowerCase()).not.toContain(sub(fragment).toLowerCase());
        if (outcome.attachments) expect(data.attachments.map((a: any) => a.filename)).toEqual(outcome.attachments.map((a) => a.filename));
        expect(data.attachments.map((a: any) => a.attachmentId)).toEqual(body.attachments.map((a: any) => a.id));
      }
      if (outcome.automatic && outcome.record !== 'quarantined') expect(body.automatic).toEqual(outcome.automatic);
      if (outcome.record !== 'quarantined' || outcome.quarantine?.reason === 'no-sender') {
        for (const fragment of outcome.text?.mustContain ?? []) expect(body.text).toContain(sub(fragment));
      }
      if (outcome.attachments && outcome.record !== 'quarantined') {
        expect(body.attachments.map((a: any) => ({ filename: a.filename, contentType: a.contentType, inline: a.inline }))).toEqual(
          outcome.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, inline: a.inline })),
        );
        for (const a of outcome.attachments) if (a.size !== undefined) expect(body.attachments.find((b: any) => b.filename === a.filename).size).toBe(a.size);
      }
    });

    it('announces an email whose words decode to a lone UTF-16 surrogate or a NUL (which PostgreSQL cannot hold), with a replacement character and without the NUL', async () => {
      const raw = Buffer.from(
        [
          'From: =?UTF-16BE?B?2D0=?= Anna <anna.storable@acme.example>',
          'To: support@helpdesk.example',
          'Subject: Printer =?UTF-16BE?B?2D0=?= jammed =?UTF-8?B?QQBC?=',
          `Message-ID: <storable-${randomUUID()}@acme.example>`,
          'Content-Type: text/plain; charset=utf-16be',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from([0x00, 0x48, 0xdc, 0x00, 0x00, 0x69]).toString('base64'),
          '',
        ].join('\r\n'),
      );
      const id = await store(raw);
      expect(await settled(id)).toBe('announced');
      const [event] = await eventsOf(id);
      expect(event).toMatchObject({ type: 'inbound_email.received' });
      expect(event!.data.subject).toBe('Printer \uFFFD jammed AB');
      expect(event!.data.text).toBe('H\uFFFDi');
      expect((await record(id)).body).toMatchObject({ subject: 'Printer \uFFFD jammed AB', text: 'H\uFFFDi' });
    });

    it('stores attachment bytes as the message carries them, and the HTML points at them', async () => {
      const { id } = stored.get(corpus.find((c) => c.name.startsWith('05-'))!.name)!;
      const [attachment] = await m.query<{ id: string; content: Buffer; sha256: Buffer; inline: boolean }>('SELECT id, content, sha256, inline FROM inbound_attachments WHERE email_id = $1', [id]);
      expect(attachment!.content.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(attachment!.inline).toBe(true);
      expect((await record(id)).body.html).toContain(`src="/api/attachments/${attachment!.id}"`);
    });

    it('hands the bytes of an attachment to the tickets service on the internal listener, and to nobody else', async () => {
      const { id } = stored.get(corpus.find((c) => c.name.startsWith('04-'))!.name)!;
      const rows = await m.query<{ id: string; filename: string; content_type: string; content: Buffer }>('SELECT id, filename, content_type, content FROM inbound_attachments WHERE email_id = $1 ORDER BY position', [id]);
      expect(rows.length).toBeGreaterThan(0);
      const path = `/internal/attachments/${rows[0]!.id}`;
      const get = (caller?: string, url = m.service.internalUrl!) =>
        fetch(`${url}${path}`, { headers: caller ? serviceCallHeader(caller, { service: 'mail-ingest', method: 'GET', path }) : {} });
      const response = await get('tickets');
      expect(response.status).toBe(200);
      // Whatever type the email claims, the bytes go out as octet-stream (tickets decides the served type).
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(rows[0]!.filename)}`);
      expect(response.headers.get('x-inbound-email-id')).toBe(id);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(rows[0]!.content);
      expect((await get('customers')).status).toBe(403);
      expect((await get()).status).toBe(401);
      expect((await get('tickets', m.service.url)).status).toBe(404);
      const unknown = `/internal/attachments/${randomUUID()}`;
      expect((await fetch(`${m.service.internalUrl}${unknown}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path: unknown }) })).status).toBe(404);
    });

    it('counts what it processed, by outcome', async () => {
      const metrics = await (await fetch(`${m.service.url}/metrics`)).text();
      const value = (labels: string) => Number(new RegExp(`inbound_emails_processed_total\\{${labels}[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      const expectedCount = (record: string) => corpus.filter((c) => c.expected.expected.record === record).length;
      expect(value('outcome="bounce",reason=""')).toBe(expectedCount('bounce'));
      expect(value('outcome="quarantined",reason="too-large"')).toBe(1);
      expect(value('outcome="quarantined",reason="no-sender"')).toBe(1);
      expect(value('outcome="own-mail",reason=""')).toBe(1);
      expect(metrics).toMatch(/inbound_emails_waiting\{[^}]*\} 0/);
    });
  });

  describe('the filing by the tickets service', () => {
    it('writes the outcome, ticket, rule and detail into the record, once however often it comes', async () => {
      const id = await store(Buffer.from('From: Anna <anna.berg@acme.example>\r\nTo: support@helpdesk.example\r\nSubject: Printer\r\nMessage-ID: <filed-1@acme.example>\r\n\r\nIt is offline.\r\n'));
      expect(await settled(id)).toBe('announced');
      const ticketId = randomUUID();
      const filing = {
        emailId: id, emailAccountId: accountId, outcome: 'joined-ticket' as const, ticketId, number: 4711, rule: 'in-reply-to' as const, reopened: true,
        linkedTicketId: null, customerId: null, contactId: null, noteId: randomUUID(), detail: 'In-Reply-To is the acknowledgement of ticket #4711.',
      };
      await m.publish(inboundEmailFiledV1, { id, version: 1 }, filing);
      await m.publish(inboundEmailFiledV1, { id, version: 1 }, filing);
      const body = await waitFor(async () => {
        const response = await record(id);
        return response.body.state === 'filed' ? response.body : undefined;
      }, { what: 'the filing recorded' });
      expect(body).toMatchObject({
        state: 'filed', outcome: 'joined-ticket', detail: filing.detail,
        ticket: { id: ticketId, number: 4711, rule: 'in-reply-to', reopened: true, linkedTicketId: null, noteId: filing.noteId },
      });
      expect(body.filedAt).toBeTruthy();
      const listed = await m.call('GET', `/api/inbound-emails?outcome=joined-ticket&accountId=${accountId}`, { as: admin });
      expect(listed.body.items.map((item: any) => item.id)).toEqual([id]);
      expect(listed.body.items[0].ticket).toEqual({ id: ticketId, number: 4711 });
    });
  });

  describe('the admin API', () => {
    let otherAccount: string;
    const ids: string[] = [];
    beforeAll(async () => {
      otherAccount = await addAccount('sales@helpdesk.example');
      for (let i = 0; i < 5; i += 1) ids.push(await store(Buffer.from(`Subject: no sender ${i}\r\n\r\nbody ${i}\r\n`), { account: otherAccount }));
      for (const id of ids) await settled(id);
    });

    it('lists an account\'s records newest first, page by page with a cursor, filtered by outcome', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await m.call('GET', `/api/inbound-emails?accountId=${otherAccount}&outcome=quarantined&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: admin });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((item: any) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const order = await m.query<{ id: string }>(`SELECT id FROM inbound_emails WHERE email_account_id = $1 ORDER BY received_at DESC, id DESC`, [otherAccount]);
      expect(seen).toEqual(order.map((row) => row.id));
      expect(seen.sort()).toEqual([...ids].sort());
      const across = await m.call('GET', '/api/inbound-emails?outcome=quarantined&limit=200', { as: admin });
      expect(across.body.items.every((item: any) => item.outcome === 'quarantined')).toBe(true);
      expect(across.body.items.length).toBeGreaterThan(ids.length);
    });

    it('refuses bad filters and cursors with a problem naming the field', async () => {
      for (const query of ['outcome=lost', 'accountId=nope', 'cursor=not-a-cursor', 'limit=0', 'colour=red']) {
        const response = await m.call('GET', `/api/inbound-emails?${query}`, { as: admin });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await m.call('GET', '/api/inbound-emails/not-a-uuid', { as: admin })).status).toBe(400);
      expect((await m.call('GET', `/api/inbound-emails/${randomUUID()}`, { as: admin })).status).toBe(404);
      expect((await m.call('GET', `/api/inbound-emails/${randomUUID()}/raw`, { as: admin })).status).toBe(404);
    });

    it('serves the raw source as a download, never to be rendered', async () => {
      const raw = Buffer.from('From: a@acme.example\r\nSubject: raw\r\n\r\n<script>alert(1)</script>\r\n');
      const id = await store(raw);
      const response = await fetch(`${m.service.url}/api/inbound-emails/${id}/raw`, {
        headers: gatewayAssertionHeader(admin, { service: 'mail-ingest', method: 'GET', path: `/api/inbound-emails/${id}/raw` }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('message/rfc822');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${id}.eml"`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(raw);
    });

    it('retries a quarantined email (it is processed again from its raw source), and refuses any other', async () => {
      const id = ids[0]!;
      const before = (await record(id)).body;
      await m.query(`UPDATE inbound_emails SET attempts = 3 WHERE id = $1`, [id]);
      const retried = await m.call('POST', `/api/inbound-emails/${id}/retry`, { as: admin });
      expect(retried.status).toBe(202);
      const after = await waitFor(async () => {
        const body = (await record(id)).body;
        return body.state === 'quarantined' && body.processedAt !== before.processedAt ? body : undefined;
      }, { what: 'the retried email processed again' });
      // Still no sender: quarantined again. The claim count went on from 3 (it fences the claims), and
      // PROCESSOR_MAX_ATTEMPTS counts from the retry: not set aside as "interrupted".
      expect(after).toMatchObject({ quarantineReason: 'no-sender', attempts: 4 });

      const announced = await store(Buffer.from('From: a@acme.example\r\nSubject: fine\r\n\r\nfine\r\n'));
      expect(await settled(announced)).toBe('announced');
      const conflict = await m.call('POST', `/api/inbound-emails/${announced}/retry`, { as: admin });
      expect(conflict.status).toBe(409);
      expect(conflict.body.detail).toMatch(/only a quarantined email/);
      expect((await record(announced)).body.state).toBe('announced');
      expect((await m.call('POST', `/api/inbound-emails/${randomUUID()}/retry`, { as: admin })).status).toBe(404);
    });

    it('a retry keeps the claim count increasing: a claim from before the retry records nothing, and the maximum counts from the retry', async () => {
      const id = ids[1]!;
      // Claimed many times before (past PROCESSOR_MAX_ATTEMPTS, 5) and quarantined for it.
      await m.query(`UPDATE inbound_emails SET attempts = 9 WHERE id = $1`, [id]);
      const before = (await record(id)).body;
      expect((await m.call('POST', `/api/inbound-emails/${id}/retry`, { as: admin })).status).toBe(202);
      const after = await waitFor(async () => {
        const body = (await record(id)).body;
        return body.state === 'quarantined' && body.processedAt !== before.processedAt ? body : undefined;
      }, { what: 'the retried email processed again' });
      expect(after).toMatchObject({ quarantineReason: 'no-sender', attempts: 10 });
      expect(after.detail).not.toMatch(/interrupted/);

      // Retried again (claim count 10) and claimed at once by another processor (11, held for an hour):
      // a processor still holding any claim numbered before cannot record over that fresh claim.
      await inPgTransaction(pool, async (tx) => {
        expect(await requeueQuarantined(tx, id)).toBe('requeued');
        await tx.$executeRawUnsafe(`UPDATE inbound_emails SET attempts = attempts + 1, claimed_until = now() + interval '1 hour' WHERE id = $1::uuid`, id);
      });
      const stale = { state: 'announced' as const, outcome: null, detail: 'stale', quarantineReason: null, parsed: null, bounce: null, attachments: [] };
      for (const attempts of [1, 2, 10]) expect(await recordProcessed(pgExecutor(pool), [{ email: { id, attempts }, result: stale, events: [] }])).toEqual([]);
      expect((await record(id)).body).toMatchObject({ state: 'received', attempts: 11 });
      // The fresh claim records; the email is let go for the processor again afterwards.
      await m.query(`UPDATE inbound_emails SET claimed_until = NULL WHERE id = $1`, [id]);
      expect(await settled(id)).toBe('quarantined');
    });

    it('lists records by state, so that emails announced and never filed can be found, and reports the oldest one\'s age', async () => {
      const stuck = await store(Buffer.from(`From: a@acme.example\r\nSubject: never filed\r\nMessage-ID: <stuck-${randomUUID()}@acme.example>\r\n\r\nbody\r\n`));
      expect(await settled(stuck)).toBe('announced');
      await m.query(`UPDATE inbound_emails SET announced_since = now() - interval '2 hours' WHERE id = $1`, [stuck]);
      const listed = await m.call('GET', `/api/inbound-emails?state=announced&accountId=${accountId}&limit=200`, { as: admin });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((item: any) => item.id)).toContain(stuck);
      expect(listed.body.items.every((item: any) => item.state === 'announced' && item.outcome === null)).toBe(true);
      const quarantined = await m.call('GET', `/api/inbound-emails?state=quarantined&accountId=${otherAccount}`, { as: admin });
      expect(quarantined.body.items.map((item: any) => item.id).sort()).toEqual([...ids].sort());
      expect((await m.call('GET', '/api/inbound-emails?state=lost', { as: admin })).status).toBe(400);

      const metrics = await (await fetch(`${m.service.url}/metrics`)).text();
      const age = Number(/inbound_emails_oldest_announced_age_seconds(?:\{[^}]*\})? ([\d.e+]+)/.exec(metrics)?.[1]);
      expect(age).toBeGreaterThanOrEqual(7200);
      expect(Number(/inbound_emails_announced(?:\{[^}]*\})? (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      const health = await (await fetch(`${m.service.url}/health/ready`)).json();
      expect(JSON.stringify(health)).toMatch(/"oldestAnnouncedSeconds":\d/);
    });

    it('is for those who manage the accounts and reach every customer', async () => {
      const without = agent([]);
      expect((await m.call('GET', '/api/inbound-emails', { as: without })).status).toBe(403);
      const limited = agent(['email_accounts.manage'], [await m.addTeam([randomUUID()])]);
      const refused = await m.call('GET', `/api/inbound-emails/${ids[0]}`, { as: limited });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/access to all customers/);
      expect((await m.call('POST', `/api/inbound-emails/${ids[0]}/retry`, { as: limited })).status).toBe(403);
      expect((await m.call('GET', `/api/inbound-emails/${ids[0]}/raw`, { as: limited })).status).toBe(403);
      const reaching = agent(['email_accounts.manage'], [await m.addTeam('all')]);
      expect((await m.call('GET', `/api/inbound-emails/${ids[0]}`, { as: reaching })).status).toBe(200);
    });
  });

  describe('claims', () => {
    /** An email as a processor that died mid-way leaves it: claimed `attempts` times, the last claim running out shortly. */
    async function storeClaimed(subject: string, attempts: number) {
      const id = randomUUID();
      await m.query(
        `INSERT INTO inbound_emails (id, email_account_id, dedup_key, raw, size, state, attempts, claimed_until)
         VALUES ($1, $2, $3, $4, $5, 'received', $6, now() + interval '300 milliseconds')`,
        [id, accountId, `test:${id}`, Buffer.from(`From: a@acme.example\r\nSubject: ${subject}\r\n\r\nbody\r\n`), 40, attempts],
      );
      return id;
    }

    it('takes an email again whose claim lapsed (its processor died mid-way), and only the latest claim records', async () => {
      const id = await storeClaimed('lapsed', 1);
      expect(await settled(id)).toBe('announced');
      expect((await record(id)).body.attempts).toBe(2);
      // The dead processor's claim (attempt 1) can no longer record anything.
      const result = { state: 'quarantined' as const, outcome: 'quarantined' as const, detail: 'stale', quarantineReason: 'parse-failed', parsed: null, bounce: null, attachments: [] };
      expect(await recordProcessed(pgExecutor(pool), [{ email: { id, attempts: 1 }, result, events: [] }])).toEqual([]);
      expect((await record(id)).body.state).toBe('announced');
      expect((await eventsOf(id)).map((e) => e.type)).toEqual(['inbound_email.received']);
    });

    it('sets an email aside whose claims keep lapsing (PROCESSOR_MAX_ATTEMPTS, 5), so it never holds up the mail behind it', async () => {
      const id = await storeClaimed('cursed', 5);
      expect(await settled(id)).toBe('quarantined');
      expect((await record(id)).body).toMatchObject({ attempts: 6, quarantineReason: 'parse-failed', detail: expect.stringMatching(/interrupted 5 times/) });
      expect(await eventsOf(id)).toEqual([]);
    });

    it('with two instances on one database, every email is processed and announced exactly once', async () => {
      const second = await startTestService(mailIngestService, { loadConfig, busPrefix: m.busPrefix, databaseUrl: m.service.databaseUrl, env });
      try {
        const stored: string[] = [];
        for (let i = 0; i < 40; i += 1) stored.push(await store(Buffer.from(`From: a${i}@acme.example\r\nSubject: both ${i}\r\nMessage-ID: <both-${i}@acme.example>\r\n\r\nbody ${i}\r\n`)));
        for (const id of stored) expect(await settled(id)).toBe('announced');
        const counts = await m.query<{ id: string; n: number }>(
          `SELECT payload->'aggregate'->>'id' AS id, count(*)::int AS n FROM outbox WHERE event_type = 'inbound_email.received' AND payload->'aggregate'->>'id' = ANY($1) GROUP BY 1`,
          [stored],
        );
        expect(counts).toHaveLength(stored.length);
        expect(counts.every((row) => row.n === 1)).toBe(true);
      } finally {
        await second.stop();
      }
    });
  });
});
