// The email corpus checks itself, before any ingest exists: every expected.json fits the schema,
// every message parses with mailparser as stated, the facts an expectation rests on are really in
// the message (sender, subject, text, attachments, the automatic header, the bounce's original, the
// reference that threads it), and every kind the issue names is covered. The rules applied here are
// the decided ones of corpus/README.md; those mail-ingest applies (the automatic mark) come from
// src/domain, those of the tickets service (customer, threading) are written here as its reference.
import { simpleParser, type ParsedMail } from 'mailparser';
import { loadCorpus, loadWorld, placeholdersIn, renderMessage, substitute, type CorpusCase, type RunValues } from './corpus/corpus.js';
import { requiredKinds, type ExpectedCase } from './corpus/expected.schema.js';
import { automaticHeader as automaticHeaderOf, rawHeader as rawHeaderOf } from '../src/domain/automatic.js';

const world = loadWorld();
const corpus = loadCorpus();

function runValuesFor(expected: ExpectedCase): RunValues {
  const tickets: RunValues['tickets'] = {};
  expected.given.tickets.forEach((ticket, index) => {
    tickets[ticket.ref] = { number: 4100 + index, messageId: `<00000000-0000-4000-8000-00000000000${index + 1}@${world.system.messageIdDomain}>` };
  });
  return { tickets, maxMessageBytes: world.settings.maxMessageBytes };
}

/** The raw header lines as mailparser gives them, for the rules in src/domain (written once, there). */
const rawHeader = (parsed: ParsedMail, name: string) => rawHeaderOf(parsed.headerLines, name);
const automaticHeader = (parsed: ParsedMail) => automaticHeaderOf(parsed.headerLines);

/** Proposed: the contact with this exact address, else the one customer whose email domain it is exactly, else none. */
function customerOf(address: string): { customer: string | null; known: boolean } {
  const lower = address.toLowerCase();
  const byContact = world.customers.find((customer) => customer.contacts.some((contact) => contact.email.toLowerCase() === lower));
  if (byContact) return { customer: byContact.key, known: true };
  const domain = lower.split('@')[1];
  const byDomain = world.customers.find((customer) => customer.emailDomains.includes(domain ?? ''));
  return { customer: byDomain ? byDomain.key : null, known: false };
}

const SUBJECT_NUMBER = /\[ticket\s*#?\s*(\d+)\]/i;

/** Proposed threading order: In-Reply-To, then References, then the [Ticket #N] in the subject. */
function referencedTicket(parsed: ParsedMail, expected: ExpectedCase, values: RunValues): { ticket: string; rule: string } | null {
  const idsOf = (ref: string) => {
    const ticket = expected.given.tickets.find((t) => t.ref === ref)!;
    return [values.tickets[ref]!.messageId, ...ticket.receivedMessageIds];
  };
  const inReplyTo = typeof parsed.inReplyTo === 'string' ? parsed.inReplyTo.split(/\s+/) : [];
  const references = typeof parsed.references === 'string' ? [parsed.references] : parsed.references ?? [];
  for (const [rule, ids] of [['in-reply-to', inReplyTo], ['references', references]] as const) {
    for (const ticket of expected.given.tickets) if (ids.some((id) => idsOf(ticket.ref).includes(id))) return { ticket: ticket.ref, rule };
  }
  const number = SUBJECT_NUMBER.exec(parsed.subject ?? '');
  const byNumber = number && expected.given.tickets.find((t) => String(values.tickets[t.ref]!.number) === number[1]);
  return byNumber ? { ticket: byNumber.ref, rule: 'subject-number' } : null;
}

async function parse(corpusCase: CorpusCase) {
  const values = runValuesFor(corpusCase.expected);
  const rendered = renderMessage(corpusCase, values);
  return { values, rendered, parsed: await simpleParser(rendered) };
}

describe('the email corpus (services/mail-ingest/test/corpus)', () => {
  it('has at least 45 cases in NN-short-name folders with distinct numbers', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    for (const { name } of corpus) expect(name).toMatch(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(corpus.map(({ name }) => name.slice(0, 2))).size).toBe(corpus.length);
  });

  it('covers every kind of email the issue names', () => {
    const covered = new Set(corpus.flatMap(({ expected }) => expected.kinds));
    expect(requiredKinds.filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it('uses only placeholders its given world and generate options define', () => {
    for (const { name, source, expected } of corpus) {
      const used = [...placeholdersIn(source.toString('latin1')), ...placeholdersIn(JSON.stringify(expected.expected))];
      const refs = new Set(expected.given.tickets.map((ticket) => ticket.ref));
      for (const placeholder of used) {
        const [owner, field] = placeholder.split('.') as [string, string];
        const defined = owner === 'generated'
          ? (field === 'links' && expected.generate?.links !== undefined) || (field === 'padding' && expected.generate?.oversizeBy !== undefined)
          : refs.has(owner) && (field === 'number' || field === 'messageId');
        expect({ name, placeholder, defined }).toEqual({ name, placeholder, defined: true });
      }
    }
  });

  it('knows every customer and ticket it names', () => {
    const customers = new Set(world.customers.map((customer) => customer.key));
    for (const { name, expected } of corpus) {
      const refs = new Set(expected.given.tickets.map((ticket) => ticket.ref));
      const named = [expected.expected.ticket, expected.expected.linkedTo].filter((ref): ref is string => ref !== undefined);
      expect({ name, unknownTickets: named.filter((ref) => !refs.has(ref)) }).toEqual({ name, unknownTickets: [] });
      const customerKeys = [...expected.given.tickets.map((t) => t.customer), expected.expected.customer, expected.expected.newContact?.customer].filter((key): key is string => typeof key === 'string');
      expect({ name, unknownCustomers: customerKeys.filter((key) => !customers.has(key)) }).toEqual({ name, unknownCustomers: [] });
    }
  });

  describe.each(corpus.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', (_name, corpusCase) => {
    const { expected } = corpusCase;
    const outcome = expected.expected;

    it(expected.parse.throws ? 'makes mailparser throw, as stated' : 'parses with mailparser', async () => {
      if (expected.parse.throws) await expect(parse(corpusCase)).rejects.toThrow();
      else await expect(parse(corpusCase)).resolves.toBeDefined();
    });

    if (expected.parse.throws) return;

    it('holds the facts its expectation rests on', async () => {
      const { parsed, values, rendered } = await parse(corpusCase);
      const sub = (text: string) => substitute(text, values);

      if (outcome.from) {
        const from = parsed.from?.value[0];
        expect(from?.address?.toLowerCase()).toBe(outcome.from.address.toLowerCase());
        if (outcome.from.name !== undefined) expect(from?.name).toBe(outcome.from.name);
      }
      if (outcome.subject !== undefined) expect(parsed.subject ?? '').toBe(sub(outcome.subject));
      for (const fragment of outcome.text?.mustContain ?? []) expect(parsed.text ?? '').toContain(sub(fragment));
      for (const fragment of outcome.text?.mustNotContain ?? []) expect(parsed.text ?? '').not.toContain(sub(fragment));
      if (outcome.html === null) expect(parsed.html).toBeFalsy();
      if (outcome.html) expect(typeof parsed.html).toBe('string');
      if (outcome.attachments) {
        expect(parsed.attachments.map((attachment) => ({
          filename: attachment.filename,
          contentType: attachment.contentType,
          inline: attachment.contentDisposition === 'inline' || attachment.related === true,
          ...(outcome.attachments!.find((a) => a.filename === attachment.filename)?.size === undefined ? {} : { size: attachment.size }),
          ...(attachment.cid && outcome.attachments!.some((a) => a.contentId) ? { contentId: `<${attachment.cid}>` } : {}),
        }))).toEqual(outcome.attachments);
      }
      expect(automaticHeader(parsed)).toEqual(outcome.automatic);
      if (outcome.automatic || ['bounce', 'own-mail', 'duplicate', 'quarantined'].includes(outcome.record)) expect(outcome.autoAnswerAllowed).toBe(false);

      if (expected.generate?.oversizeBy !== undefined) expect(rendered.length).toBeGreaterThanOrEqual(values.maxMessageBytes + expected.generate.oversizeBy);
      if (expected.generate?.links !== undefined) expect((parsed.html || '').match(/<a href=/g)).toHaveLength(expected.generate.links);
    });

    if (outcome.record === 'bounce') {
      it('is a delivery-status report that names the recipient, the status and the original Message-ID', async () => {
        const { parsed, values } = await parse(corpusCase);
        expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/report', params: { 'report-type': 'delivery-status' } });
        // mailparser folds the message/delivery-status part into `text`; the original comes as an attachment.
        const parts = [parsed.text ?? '', ...parsed.attachments.map((attachment) => attachment.content.toString('utf8'))].join('\n');
        expect(parts).toMatch(new RegExp(`Final-Recipient: rfc822;\\s*${outcome.bounce!.recipient.replace(/\./g, '\\.')}`));
        expect(parts).toContain(`Status: ${outcome.bounce!.status}`);
        expect(parts).toContain(`Message-ID: ${substitute(outcome.bounce!.against, values)}`);
      });
    }

    if (outcome.record === 'own-mail') {
      it('carries what identifies the system\'s own mail', async () => {
        const { parsed, values } = await parse(corpusCase);
        const issued = Object.values(values.tickets).map((ticket) => ticket.messageId);
        const byId = issued.includes(parsed.messageId ?? '');
        const byHeader = rawHeader(parsed, world.system.loopHeader) === world.system.messageIdDomain;
        expect(byId || byHeader).toBe(true);
      });
    }

    if (outcome.record === 'new-ticket' || outcome.record === 'joined-ticket') {
      it('threads and assigns as the proposed rules say', async () => {
        const { parsed, values } = await parse(corpusCase);
        const sender = customerOf(outcome.from!.address);
        const reference = referencedTicket(parsed, expected, values);
        const referenced = reference && expected.given.tickets.find((t) => t.ref === reference.ticket)!;
        const within = (t: { status: string; closedDaysAgo?: number }) => t.status !== 'closed' || (t.closedDaysAgo ?? 0) <= world.settings.reopenWithinDays;
        if (outcome.record === 'joined-ticket') {
          expect(reference).toEqual({ ticket: outcome.ticket, rule: outcome.rule });
          expect(sender.customer).toBe(referenced!.customer);
          expect(within(referenced!)).toBe(true);
          expect(outcome.reopened ?? false).toBe(referenced!.status === 'closed');
          if (outcome.requester !== undefined) expect(outcome.requester).toBe(referenced!.requester);
          const isRequester = outcome.from!.address === referenced!.requester;
          expect(outcome.participantsAdded ?? []).toEqual(isRequester || referenced!.participants.includes(outcome.from!.address) ? [] : [outcome.from!.address]);
        } else {
          expect(outcome.customer).toBe(sender.customer);
          expect(outcome.requester).toBe(outcome.from!.address);
          const addressed = [parsed.to, parsed.cc].flatMap((field) => (Array.isArray(field) ? field : field ? [field] : [])).flatMap((list) => list.value);
          const sameCustomerContacts = addressed
            .map((address) => address.address?.toLowerCase() ?? '')
            .filter((address) => address !== outcome.from!.address && customerOf(address).known && customerOf(address).customer === sender.customer);
          expect(outcome.participantsAdded ?? []).toEqual(sameCustomerContacts);
          // A reference to a ticket opens a new one only for another customer's sender, or after the reopen window (then linked).
          if (reference && referenced!.customer === sender.customer) {
            expect(within(referenced!)).toBe(false);
            expect(outcome.linkedTo).toBe(reference.ticket);
          } else expect(outcome.linkedTo).toBeUndefined();
        }
        expect(outcome.newContact !== undefined).toBe(!sender.known && sender.customer !== null);
        if (outcome.newContact) expect(outcome.newContact).toEqual({ email: outcome.from!.address, name: outcome.from!.name, customer: sender.customer });
      });
    }
  });
});

