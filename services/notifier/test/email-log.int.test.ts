import { randomUUID } from 'node:crypto';
import { waitFor, type ReceivedMail } from '@helpdesk/testing';
import { administrator, agent, startNotifierWithSmtp, type NotifierWithSmtp } from './support/notifier';

/**
 * The email log (issue 12, item 7): every email sent or not has an entry an administrator can search
 * (recipient, subject, template, automation, result with the server's answer, ticket, time), read in
 * full, and, when it did not go, retry. Real PostgreSQL, RabbitMQ and an SMTP server that refuses the
 * recipients the test names.
 */
describe('the email log', () => {
  let n: NotifierWithSmtp;
  const admin = administrator();
  const refusing = new Set<string>();
  /** Copies the server accepted (refused ones are in smtp.received too). */
  const accepted: ReceivedMail[] = [];

  beforeAll(async () => {
    n = await startNotifierWithSmtp({
      env: { MAIL_MAX_ATTEMPTS: '2', MAIL_FIRST_RETRY_MS: '50' },
      smtp: {
        beforeReply: (mail) => {
          if (mail.to.some((to) => refusing.has(to))) throw Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
          accepted.push(mail);
        },
      },
    });
  });
  afterAll(() => n?.stop());

  interface NewRow {
    to: string;
    subject?: string;
    createdAt?: string;
    templateKey?: string;
    automationCode?: string;
    automationId?: string;
    ticketId?: string;
    notSentReason?: string;
    /** Not due before then: stays queued (or retrying) while the test looks. */
    dueLater?: boolean;
    attempts?: number;
    lastError?: string;
    sent?: boolean;
    bounced?: boolean;
    claimed?: boolean;
    html?: string;
  }

  /** An email as the event handlers would have queued it (or as its sends left it). */
  async function insertEmail(row: NewRow): Promise<string> {
    const id = randomUUID();
    await n.query(
      `INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, html_body, caused_by_event, message_id, created_at, template_key,
                                    automation_code, automation_id, ticket_id, not_sent_reason, next_attempt_at, attempts, last_error, sent_at,
                                    bounced_at, bounce_action, bounce_status, bounce_diagnostic, claimed_until, source, in_reply_to, reference_ids, reply_to)
       VALUES ($1, 'automation', $2, $3, 'Hello in text', $4, gen_random_uuid(), $5, coalesce($6::timestamptz, now()), $7, $8, $9, $10, $11,
               CASE WHEN $12 THEN now() + interval '1 day' ELSE now() END, $13, $14, CASE WHEN $15 THEN now() END,
               CASE WHEN $16 THEN now() END, CASE WHEN $16 THEN 'failed' END, CASE WHEN $16 THEN '5.1.1' END, CASE WHEN $16 THEN 'smtp; 550 no such user' END,
               CASE WHEN $17 THEN now() + interval '1 hour' END, 'automation', '<question@customer.example>', '<first@customer.example> <question@customer.example>', 'support@acme.example')`,
      [
        id,
        row.to,
        row.subject ?? 'A subject',
        row.html ?? null,
        `<${id}@helpdesk.test>`,
        row.createdAt ?? null,
        row.templateKey ?? null,
        row.automationCode ?? null,
        row.automationId ?? null,
        row.ticketId ?? null,
        row.notSentReason ?? null,
        row.dueLater ?? false,
        row.attempts ?? 0,
        row.lastError ?? null,
        row.sent ?? false,
        row.bounced ?? false,
        row.claimed ?? false,
      ],
    );
    return id;
  }

  const log = async (query: string, as = admin) => n.call('GET', `/api/emails/log?${query}`, { as });
  const ids = async (query: string) => {
    const page = await log(query);
    expect(page.status).toBe(200);
    return (page.body.items as Array<{ id: string }>).map((item) => item.id);
  };
  const entry = async (id: string) => (await n.call('GET', `/api/emails/log/${id}`, { as: admin })).body;
  const resultOf = async (id: string) => (await entry(id)).result as string;

  it('searches by recipient and subject (parts, any case), template, automation, ticket and time', async () => {
    const tag = randomUUID().slice(0, 8);
    const ticketId = randomUUID();
    const automationId = randomUUID();
    const a = await insertEmail({ to: `harry.${tag}@Emma-Watson.example`, subject: `[Ticket #7] Printer on FIRE ${tag}`, templateKey: 'a02-thank-you', automationCode: 'A02', automationId, ticketId, dueLater: true, createdAt: '2026-11-01T10:00:00Z' });
    const b = await insertEmail({ to: `ginny.${tag}@hannah-baker.example`, subject: `Your invitation ${tag}`, templateKey: 'system-portal-invitation', notSentReason: 'system_email_off', createdAt: '2026-11-02T10:00:00Z' });
    const c = await insertEmail({ to: `luna.${tag}@emma-watson.example`, subject: `[Ticket #8] 100%_done ${tag}`, templateKey: 'a02-thank-you', automationCode: 'A03', dueLater: true, createdAt: '2026-11-03T10:00:00Z' });

    expect(await ids(`recipient=${tag}`)).toEqual([c, b, a]);
    expect(await ids(`recipient=${tag.toUpperCase()}%40EMMA-watson`)).toEqual([c, a]);
    expect(await ids(`recipient=${tag}&subject=printer%20on%20fire`)).toEqual([a]);
    // LIKE's wildcards are taken literally.
    expect(await ids(`recipient=${tag}&subject=100%25_`)).toEqual([c]);
    expect(await ids(`recipient=${tag}&subject=%25`)).toEqual([c]);
    expect(await ids(`recipient=${tag}&template=a02-thank-you`)).toEqual([c, a]);
    expect(await ids(`recipient=${tag}&automation=a02`)).toEqual([a]);
    expect(await ids(`recipient=${tag}&automation=${automationId}`)).toEqual([a]);
    expect(await ids(`ticketId=${ticketId}`)).toEqual([a]);
    expect(await ids(`recipient=${tag}&from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z`)).toEqual([b]);
    expect(await ids(`recipient=${tag}&result=not_sent`)).toEqual([b]);

    const listed = (await log(`recipient=${tag}&subject=printer`)).body.items[0];
    expect(listed).toEqual({
      id: a,
      createdAt: '2026-11-01T10:00:00.000Z',
      kind: 'automation',
      to: `harry.${tag}@Emma-Watson.example`,
      subject: `[Ticket #7] Printer on FIRE ${tag}`,
      ticketId,
      template: 'a02-thank-you',
      automation: { id: automationId, code: 'A02' },
      source: 'automation',
      result: 'queued',
      reason: null,
      smtpResponse: null,
      attempts: 0,
      lastError: null,
      sentAt: null,
      bounce: null,
      retried: null,
    });
    expect((await log(`recipient=${tag}&result=not_sent`)).body.items[0]).toMatchObject({ result: 'not_sent', reason: 'system_email_off' });
  });

  it('pages newest first with a cursor, every entry once, also between entries of the same time', async () => {
    const tag = randomUUID().slice(0, 8);
    const sameTime = '2026-11-05T10:00:00.000Z';
    const inserted = [];
    for (let i = 0; i < 5; i++) inserted.push(await insertEmail({ to: `page-${i}.${tag}@example.com`, dueLater: true, createdAt: i < 3 ? sameTime : `2026-11-0${6 + i}T10:00:00Z` }));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: Array<{ id: string; createdAt: string }>; next: string | null } } = await log(`recipient=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.next;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen.slice(0, 2)).toEqual([inserted[4], inserted[3]]);
    expect([...seen].sort()).toEqual([...inserted].sort());
    expect(seen.slice(2)).toEqual(inserted.slice(0, 3).sort().reverse());
    expect(await log('cursor=not-one-of-ours')).toMatchObject({ status: 400, body: { errors: [{ pointer: '/cursor' }] } });
    expect((await log('result=lost')).status).toBe(400);
    expect((await log('ticketId=7')).status).toBe(400);
  });

  it("derives each result, with the server's answer for sent and refused emails", async () => {
    const tag = randomUUID().slice(0, 8);
    const refusedTo = `refused.${tag}@example.com`;
    refusing.add(refusedTo);
    const sent = await insertEmail({ to: `sent.${tag}@example.com` });
    const refused = await insertEmail({ to: refusedTo });
    const queued = await insertEmail({ to: `queued.${tag}@example.com`, dueLater: true });
    const retrying = await insertEmail({ to: `retrying.${tag}@example.com`, dueLater: true, attempts: 1, lastError: 'Error: connection refused' });
    const notSent = await insertEmail({ to: `not-sent.${tag}@example.com`, notSentReason: 'rate_limited' });
    const bounced = await insertEmail({ to: `bounced.${tag}@example.com`, sent: true, attempts: 1, bounced: true });

    await waitFor(async () => (await resultOf(sent)) === 'sent' && (await resultOf(refused)) === 'failed', { what: 'one email sent and one refused twice' });
    const results = await Promise.all([sent, refused, queued, retrying, notSent, bounced].map(entry));
    expect(results.map((e) => e.result)).toEqual(['sent', 'failed', 'queued', 'retrying', 'not_sent', 'bounced']);
    expect(results[0]).toMatchObject({ smtpResponse: expect.stringMatching(/^250 /), attempts: 1, lastError: null, sentAt: expect.any(String) });
    expect(results[1]).toMatchObject({ smtpResponse: '550 5.1.1 Mailbox unavailable', attempts: 2, lastError: expect.stringContaining('Mailbox unavailable'), sentAt: null });
    expect(results[5]).toMatchObject({ bounce: { at: expect.any(String), action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 no such user' } });
    expect(await ids(`recipient=${tag}&result=failed`)).toEqual([refused]);
    expect(await ids(`recipient=${tag}&result=retrying`)).toEqual([retrying]);
    expect(await ids(`recipient=${tag}&result=sent`)).toEqual([sent]);
  });

  it('shows one email with its bodies and headers', async () => {
    const id = await insertEmail({ to: `detail.${randomUUID()}@example.com`, html: '<p>Hello in HTML</p>', dueLater: true });
    expect(await entry(id)).toMatchObject({
      id,
      text: 'Hello in text',
      html: '<p>Hello in HTML</p>',
      headers: {
        'Message-ID': `<${id}@helpdesk.test>`,
        'In-Reply-To': '<question@customer.example>',
        References: '<first@customer.example> <question@customer.example>',
        'Reply-To': 'support@acme.example',
        'Auto-Submitted': null,
      },
    });
    const missing = randomUUID();
    expect(await n.call('GET', `/api/emails/log/${missing}`, { as: admin })).toMatchObject({ status: 404, body: { detail: `There is no email ${missing} in the email log.` } });
  });

  it('never shows the bodies of an email with a single-use link, even before it is sent', async () => {
    const id = await insertEmail({ to: `link.${randomUUID()}@example.com`, dueLater: true });
    await n.query(
      `UPDATE outgoing_emails SET redact_after_send = true, text_body = 'Reset: https://staff.example/reset-password?token=secret-token',
                                  html_body = '<a href="https://staff.example/reset-password?token=secret-token">reset</a>' WHERE id = $1`,
      [id],
    );
    const shown = await entry(id);
    expect(shown).toMatchObject({ id, result: 'queued', html: null, text: expect.stringContaining('single-use link') });
    expect(JSON.stringify(shown)).not.toContain('secret-token');
    expect((await n.call('GET', '/api/emails/log/not-an-id', { as: admin })).status).toBe(400);
  });

  it('retries a failed email: 202, delivered once more under the same Message-ID, who retried it recorded', async () => {
    const to = `retry.${randomUUID()}@example.com`;
    refusing.add(to);
    const id = await insertEmail({ to });
    await waitFor(async () => (await resultOf(id)) === 'failed', { what: 'the email to fail' });
    refusing.delete(to);

    const retried = await n.call('POST', `/api/emails/log/${id}/retry`, { as: admin });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id, retried: { at: expect.any(String), by: admin.userId } });
    expect(['queued', 'sent']).toContain(retried.body.result);

    await waitFor(async () => (await resultOf(id)) === 'sent', { what: 'the retried email to be sent' });
    expect(accepted.filter((mail) => mail.to.includes(to)).map((mail) => mail.parsed.messageId)).toEqual([`<${id}@helpdesk.test>`]);
    expect(n.smtp.received.filter((mail) => mail.to.includes(to)).map((mail) => mail.parsed.messageId)).toEqual(Array(3).fill(`<${id}@helpdesk.test>`));
    expect(await entry(id)).toMatchObject({ result: 'sent', attempts: 1, smtpResponse: expect.stringMatching(/^250 /) });
  });

  it('refuses to retry an email that was sent, bounced, decided against, or is being sent (409), or that does not exist (404)', async () => {
    const tag = randomUUID().slice(0, 8);
    const cases = [
      [await insertEmail({ to: `s.${tag}@example.com`, sent: true, attempts: 1 }), 'was sent already'],
      [await insertEmail({ to: `b.${tag}@example.com`, sent: true, attempts: 1, bounced: true }), 'bounced'],
      [await insertEmail({ to: `n.${tag}@example.com`, notSentReason: 'system_email_off' }), 'not sent by decision (system_email_off)'],
      [await insertEmail({ to: `f.${tag}@example.com`, claimed: true, attempts: 1 }), 'being sent right now'],
    ] as const;
    for (const [id, why] of cases) {
      expect(await n.call('POST', `/api/emails/log/${id}/retry`, { as: admin })).toMatchObject({ status: 409, body: { detail: expect.stringContaining(why) } });
    }
    const [row] = await n.query<{ retried_at: Date | null }>('SELECT retried_at FROM outgoing_emails WHERE id = $1', [cases[3][0]]);
    expect(row!.retried_at).toBeNull();
    expect((await n.call('POST', `/api/emails/log/${randomUUID()}/retry`, { as: admin })).status).toBe(404);
  });

  it('answers 403 without email_log.manage or without access to all customers', async () => {
    const id = await insertEmail({ to: `forbidden.${randomUUID()}@example.com`, dueLater: true });
    for (const as of [agent(['automations.manage']), agent(['email_log.manage'])]) {
      expect((await log('', as)).status).toBe(403);
      expect((await n.call('GET', `/api/emails/log/${id}`, { as })).status).toBe(403);
      expect((await n.call('POST', `/api/emails/log/${id}/retry`, { as })).status).toBe(403);
    }
    expect((await n.query<{ retried_at: Date | null }>('SELECT retried_at FROM outgoing_emails WHERE id = $1', [id]))[0]!.retried_at).toBeNull();
  });
});
