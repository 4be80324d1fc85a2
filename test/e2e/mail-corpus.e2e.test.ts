import { queryDatabase, startTestDovecot, waitFor, type TestDovecot } from '@helpdesk/testing';
import { loadCorpus, loadWorld, renderMessage, substitute, type CorpusCase, type RunValues } from '../../services/mail-ingest/test/corpus/corpus';
import { startSystem, type System } from './support/system';

/**
 * Issue 11's corpus, end to end: every case's message is APPENDed to a real Dovecot mailbox, fetched
 * by mail-ingest, filed by tickets, and its expected outcome is read back through the gateway: the
 * processing record, the ticket or note, the sanitised HTML, the attachments, the contact the domain
 * rule made, and whether anything answered it.
 */
const world = loadWorld();
const corpus = loadCorpus();
const mailbox = { user: world.system.mailbox, password: 'imap-password-for-the-corpus' };

describe('the email corpus, from a Dovecot mailbox to tickets, through the gateway', () => {
  let system: System;
  let dovecot: TestDovecot;
  let admin: string;
  let accountId: string;
  const customerIds: Record<string, string> = {};
  const contactIds: Record<string, string> = {};
  /** Per case: its given tickets (id, number, the acknowledgement's Message-ID) and the message delivered. */
  const runs = new Map<string, { values: RunValues; tickets: Record<string, { id: string; number: number; messageId: string }>; message: Buffer; messageId: string | null }>();

  const api = (method: string, path: string, body?: unknown, token = admin) => system.api(method, path, { token, body });
  const ticketsDb = (sql: string, values: unknown[] = []) => queryDatabase(system.services.tickets.databaseUrl, sql, values);

  /** Gives each case's Message-IDs of earlier customer emails a suffix of its own: the cases share a few, the system must not. */
  function caseMessageId(corpusCase: CorpusCase, id: string): string {
    return id.replace(/@/, `.c${corpusCase.name.slice(0, 2)}@`);
  }
  function withCaseMessageIds(corpusCase: CorpusCase, message: Buffer): Buffer {
    let text = message.toString('latin1');
    for (const given of corpusCase.expected.given.tickets) {
      for (const id of given.receivedMessageIds) text = text.split(id.slice(1, -1)).join(caseMessageId(corpusCase, id).slice(1, -1));
    }
    return Buffer.from(text, 'latin1');
  }

  async function givenTicket(corpusCase: CorpusCase, given: CorpusCase['expected']['given']['tickets'][number]) {
    const customerId = customerIds[given.customer]!;
    const created = await api('POST', '/api/tickets', { subject: given.subject, description: `Given ticket of case ${corpusCase.name}`, customerId, contactId: contactIds[given.requester] });
    if (created.status !== 201) throw new Error(`${corpusCase.name}: ${created.status} ${JSON.stringify(created.body)}`);
    const ticket = created.body as { id: string; number: number };
    const acknowledgement = await waitFor(() => system.smtp.received.find((mail) => mail.parsed.subject?.startsWith(`[Ticket #${ticket.number}]`)), { what: `the acknowledgement of ${corpusCase.name} ${given.ref}` });
    const messageId = acknowledgement.parsed.messageId!;
    // The ticket knows the acknowledgement's Message-ID once the notifier's outgoing_email.queued arrived.
    await waitFor(async () => (await ticketsDb('SELECT 1 FROM ticket_message_ids WHERE message_id = $1', [messageId])).length > 0, { what: `${corpusCase.name} ${given.ref}'s issued Message-ID` });
    // What the case says happened before: customer emails on the ticket, participants, a closing.
    for (const id of given.receivedMessageIds) {
      await ticketsDb("INSERT INTO ticket_message_ids (message_id, ticket_id, source) VALUES ($1, $2, 'received')", [caseMessageId(corpusCase, id), ticket.id]);
    }
    for (const email of [...given.participants, ...(given.ccOnFirstMail ?? [])]) {
      await ticketsDb('INSERT INTO ticket_participants (ticket_id, email, contact_id) VALUES ($1, $2, $3)', [ticket.id, email, contactIds[email] ?? null]);
    }
    {
      const changed = await system.api('PUT', `/api/tickets/${ticket.id}/status`, { token: admin, body: { status: given.status }, headers: { 'if-match': `"${created.body.version}"` } });
      if (changed.status !== 200) throw new Error(`${corpusCase.name}: ${changed.status} ${JSON.stringify(changed.body)}`);
    }
    if (given.closedDaysAgo !== undefined) {
      await ticketsDb("UPDATE tickets SET closed_at = now() - make_interval(days => $2) WHERE id = $1", [ticket.id, given.closedDaysAgo]);
    }
    return { id: ticket.id, number: ticket.number, messageId };
  }

  beforeAll(async () => {
    [system, dovecot] = await Promise.all([
      startSystem({
        env: {
          'mail-ingest': { MAX_MESSAGE_BYTES: String(world.settings.maxMessageBytes), IMAP_SWEEP_INTERVAL_MS: '500', MAIL_FROM: `Helpdesk <${world.system.mailbox}>` },
          tickets: { REOPEN_WITHIN_DAYS: String(world.settings.reopenWithinDays) },
          notifier: { MAIL_FROM: `Helpdesk <${world.system.mailbox}>` },
        },
      }),
      startTestDovecot({ users: [mailbox] }),
    ]);
    admin = await system.logInAsAdmin();
    for (const customer of world.customers) {
      const created = await api('POST', '/api/customers', { name: customer.name, emailDomains: customer.emailDomains });
      expect(created.status).toBe(201);
      customerIds[customer.key] = created.body.id;
      for (const contact of customer.contacts) {
        const [firstName, ...rest] = contact.name.split(' ');
        const added = await api('POST', `/api/customers/${created.body.id}/contacts`, { firstName, lastName: rest.join(' ') || firstName, email: contact.email });
        expect(added.status).toBe(201);
        contactIds[contact.email] = added.body.id;
      }
    }
    for (const corpusCase of corpus) {
      const tickets: Record<string, { id: string; number: number; messageId: string }> = {};
      for (const given of corpusCase.expected.given.tickets) tickets[given.ref] = await givenTicket(corpusCase, given);
      const values: RunValues = { tickets, maxMessageBytes: world.settings.maxMessageBytes };
      const message = withCaseMessageIds(corpusCase, renderMessage(corpusCase, values));
      const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(message.toString('latin1').split('\r\n\r\n')[0]!)?.[1] ?? null;
      runs.set(corpusCase.name, { values, tickets, message, messageId });
    }
    // The account is created once every given ticket exists: the mailbox is read from its first message on.
    const created = await api('POST', '/api/email-accounts', {
      name: 'Support', address: world.system.mailbox, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: mailbox.user, password: mailbox.password, folder: 'INBOX',
    });
    expect(created.status).toBe(201);
    accountId = created.body.id;
    const imap = await dovecot.connect(mailbox);
    try {
      for (const corpusCase of corpus) {
        const run = runs.get(corpusCase.name)!;
        for (let n = 0; n <= (corpusCase.expected.given.earlierDeliveries ?? 0); n += 1) await imap.append('INBOX', run.message);
      }
    } finally {
      await imap.logout();
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all([system?.stop(), dovecot?.close()]);
  });


  const finalStates = new Set(['filed', 'duplicate', 'bounce', 'own-mail', 'quarantined']);
  type RecordSummary = { id: string; state: string; messageId: string | null; subject: string | null; receivedAt: string; duplicateOf: string | null };

  async function allRecords(): Promise<RecordSummary[]> {
    const records: RecordSummary[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/api/inbound-emails?accountId=${accountId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      records.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return records;
  }

  /**
   * Mail without a Message-ID is told apart by its subject; two cases share one (the same scanner
   * mail, once and twice delivered): the twice-delivered one is a first delivery and its duplicate.
   */
  function withoutMessageId(records: RecordSummary[], deliveries: number): RecordSummary[] {
    const originals = new Set(records.map((record) => record.duplicateOf).filter(Boolean));
    if (deliveries === 1) return records.filter((record) => !record.duplicateOf && !originals.has(record.id));
    const duplicate = records.find((record) => record.duplicateOf);
    return duplicate ? records.filter((record) => record === duplicate || record.id === duplicate.duplicateOf) : [];
  }

  /** The records of one case's deliveries, oldest first, once every one of them is final. */
  async function recordsOf(corpusCase: CorpusCase) {
    const run = runs.get(corpusCase.name)!;
    const deliveries = (corpusCase.expected.given.earlierDeliveries ?? 0) + 1;
    const deadline = Date.now() + 45_000;
    const subject = corpusCase.expected.expected.subject === undefined ? undefined : substitute(corpusCase.expected.expected.subject, run.values);
    return waitFor(
      async () => {
        const records = await allRecords();
        const mine = run.messageId
          ? records.filter((record) => record.messageId?.toLowerCase() === run.messageId!.toLowerCase())
          : withoutMessageId(records.filter((record) => record.messageId === null && record.subject === subject), deliveries);
        if (mine.length === deliveries && mine.every((record) => finalStates.has(record.state))) return mine;
        if (Date.now() > deadline) throw new Error(`${corpusCase.name}: records ${JSON.stringify(mine)}; all: ${JSON.stringify(records.map((r) => [r.messageId, r.subject, r.state]))}`);
        return undefined;
      },
      { timeoutMs: 60_000, what: `the processing records of ${corpusCase.name}` },
    );
  }

  const fragments = (actual: string | null, expected: { mustContain: string[]; mustNotContain: string[] }, values: RunValues) => {
    for (const fragment of expected.mustContain) expect(actual ?? '').toContain(substitute(fragment, values));
    for (const fragment of expected.mustNotContain) expect((actual ?? '').toLowerCase()).not.toContain(substitute(fragment, values).toLowerCase());
  };

  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, corpusCase) => {
    const run = runs.get(corpusCase.name)!;
    const expected = corpusCase.expected.expected;
    const sub = (text: string) => substitute(text, run.values);
    const records = await recordsOf(corpusCase);
    // The delivery under test is the last: with earlier deliveries of the same mail, the duplicate.
    const summary = records.find((r) => r.duplicateOf) ?? records.at(-1)!;
    const record = (await api('GET', `/api/inbound-emails/${summary.id}`)).body;

    expect({ outcome: record.outcome, detail: record.detail }).toMatchObject({ outcome: expected.record });
    if (expected.quarantine) expect(record.quarantineReason).toBe(expected.quarantine.reason);
    if (expected.record === 'duplicate') expect(record.duplicateOf ?? record.ticket).toBeTruthy();
    if (expected.bounce) expect(record.bounce).toMatchObject({ ...expected.bounce, against: sub(expected.bounce.against) });
    if (expected.record !== 'quarantined' || expected.quarantine?.reason !== 'too-large') expect(record.automatic).toEqual(expected.automatic);
    // A sender without a display name: the record says null, the corpus "".
    if (expected.from) expect(record.from?.address).toBe(expected.from.address);
    if (expected.from?.name !== undefined) expect(record.from.name ?? '').toBe(expected.from.name);
    if (expected.subject !== undefined) expect(record.subject).toBe(sub(expected.subject));
    if (expected.text) fragments(record.text, expected.text, run.values);
    if (expected.html === null) expect(record.html).toBeNull();
    else if (expected.html) fragments(record.html, expected.html, run.values);
    if (expected.attachments) {
      expect(record.attachments).toHaveLength(expected.attachments.length);
      expected.attachments.forEach((attachment, n) => expect(record.attachments[n]).toMatchObject(attachment));
    }

    if (expected.record === 'new-ticket' || expected.record === 'joined-ticket') {
      const ticketId = expected.record === 'joined-ticket' ? run.tickets[expected.ticket!]!.id : record.ticket.id;
      expect(record.ticket).toMatchObject({ id: ticketId });
      const ticket = (await api('GET', `/api/tickets/${ticketId}`)).body;
      if (expected.record === 'joined-ticket') {
        expect(record.ticket.rule).toBe(expected.rule);
        expect(record.ticket.reopened).toBe(expected.reopened ?? false);
        if (expected.reopened) expect(ticket.status).toBe('open');
        const note = ticket.notes.find((n: { id: string }) => n.id === record.ticket.noteId);
        expect(note).toMatchObject({ visibility: 'public', sourceEmailId: record.id });
        if (expected.text) fragments(note.body, expected.text, run.values);
        if (expected.html) fragments(note.bodyHtml, expected.html, run.values);
      } else {
        expect(ticket).toMatchObject({ channel: 'email', customerId: expected.customer ? customerIds[expected.customer] : null });
        if (expected.text) fragments(ticket.description, expected.text, run.values);
        if (expected.html) fragments(ticket.descriptionHtml, expected.html, run.values);
        if (expected.ticketSubject !== undefined) expect(ticket.subject).toBe(sub(expected.ticketSubject));
        if (expected.linkedTo) expect(ticket.linkedTicketId).toBe(run.tickets[expected.linkedTo]!.id);
      }
      if (expected.requester) expect(ticket.requesterEmail).toBe(expected.requester);
      const participants = ticket.participants.map((p: { email: string }) => p.email);
      for (const email of expected.participantsAdded ?? []) expect(participants).toContain(email);
      if (expected.attachments) {
        const onTicket = expected.record === 'new-ticket' ? ticket.attachments : ticket.notes.find((n: { id: string }) => n.id === record.ticket.noteId).attachments;
        expect(onTicket.map((a: { filename: string }) => a.filename)).toEqual(expected.attachments.map((a) => a.filename));
      }
      if (expected.newContact) {
        const [contact] = await queryDatabase<{ customer_id: string }>(system.services.customers.databaseUrl, 'SELECT customer_id FROM contacts WHERE email = $1', [expected.newContact.email]);
        expect(contact?.customer_id).toBe(customerIds[expected.newContact.customer]);
      }
    } else {
      expect(record.ticket?.noteId ?? null).toBeNull();
    }
    // The given tickets are untouched unless the mail joined them.
    for (const given of corpusCase.expected.given.tickets) {
      if (expected.record === 'joined-ticket' && expected.ticket === given.ref) continue;
      const ticket = (await api('GET', `/api/tickets/${run.tickets[given.ref]!.id}`)).body;
      expect(ticket.notes.filter((n: { sourceEmailId: string | null }) => n.sourceEmailId)).toEqual([]);
      expect(ticket.status).toBe(given.status);
    }
  });

  it('acknowledges, in their thread, exactly the new tickets that may be answered, and nothing else', async () => {
    const answerable = corpus.filter((c) => c.expected.expected.record === 'new-ticket' && c.expected.expected.autoAnswerAllowed);
    const silent = corpus.filter((c) => !c.expected.expected.autoAnswerAllowed);
    const acknowledgementsOf = (corpusCase: CorpusCase) => {
      const run = runs.get(corpusCase.name)!;
      // A Message-ID's domain is case-insensitive (RFC 5322 §3.4.1): the answer may write it in lower case.
      // Acknowledgements only (A02's wording): the status changes the test makes on existing tickets are emailed in their threads too (A04).
      return system.smtp.received.filter(
        (mail) => run.messageId !== null && mail.parsed.inReplyTo?.toLowerCase() === run.messageId.toLowerCase() && (mail.parsed.text ?? '').includes('We have received your request'),
      );
    };
    const acknowledgementOf = (corpusCase: CorpusCase) => acknowledgementsOf(corpusCase)[0];
    for (const corpusCase of answerable.filter((c) => runs.get(c.name)!.messageId)) {
      const mail = await waitFor(() => acknowledgementOf(corpusCase), { what: `the acknowledgement of ${corpusCase.name}` });
      expect(mail.to).toContain(corpusCase.expected.expected.from!.address.toLowerCase());
      expect(mail.parsed.headers.get('x-helpdesk-loop')).toBe(world.system.messageIdDomain);
    }
    // Every answerable one has had its answer: an answer to a silent one would have come by now too.
    // A duplicate delivery is silent; its first delivery opened a ticket and had its one answer.
    for (const corpusCase of silent) expect(acknowledgementsOf(corpusCase)).toHaveLength(corpusCase.expected.given.earlierDeliveries && runs.get(corpusCase.name)!.messageId ? 1 : 0);
  });
});
