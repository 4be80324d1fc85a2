// What mail-ingest alone decides for every case of the corpus, through the functions the processor
// runs (src/domain): the size cap before parsing, parsing, the sanitised HTML, the attachments, the
// automatic mark, bounces read from the raw report, own mail by the loop header and quarantine. The
// ticket outcomes (threading, customers) are the tickets service's and are not checked here.
import { loadCorpus, loadWorld, renderMessage, substitute, type RunValues } from './corpus/corpus.js';
import type { ExpectedCase } from './corpus/expected.schema.js';
import { classifyEmail, parseEmail } from '../src/domain/parse-email.js';
import { exceedsSizeCap } from '../src/domain/size-cap.js';

const world = loadWorld();
const corpus = loadCorpus();

function runValuesFor(expected: ExpectedCase): RunValues {
  const tickets: RunValues['tickets'] = {};
  expected.given.tickets.forEach((ticket, index) => {
    tickets[ticket.ref] = { number: 4100 + index, messageId: `<00000000-0000-4000-8000-00000000000${index + 1}@${world.system.messageIdDomain}>` };
  });
  return { tickets, maxMessageBytes: world.settings.maxMessageBytes };
}

describe('processing the email corpus (parse, classify, sanitise)', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_name, corpusCase) => {
    const outcome = corpusCase.expected.expected;
    const values = runValuesFor(corpusCase.expected);
    const sub = (text: string) => substitute(text, values);
    const raw = renderMessage(corpusCase, values);

    const tooLarge = exceedsSizeCap(raw.length, world.settings.maxMessageBytes);
    expect(tooLarge).toBe(outcome.quarantine?.reason === 'too-large');
    if (tooLarge) return;

    const email = await parseEmail(raw);
    const classification = classifyEmail(email, world.system.messageIdDomain);

    if (outcome.from) {
      expect(email.from?.address.toLowerCase()).toBe(outcome.from.address.toLowerCase());
      if (outcome.from.name !== undefined) expect(email.from?.name ?? '').toBe(outcome.from.name);
    }
    if (outcome.subject !== undefined) expect(email.subject).toBe(sub(outcome.subject));
    for (const fragment of outcome.text?.mustContain ?? []) expect(email.text).toContain(sub(fragment));
    for (const fragment of outcome.text?.mustNotContain ?? []) expect(email.text).not.toContain(sub(fragment));
    if (outcome.html === null) expect(email.html).toBeNull();
    if (outcome.html) {
      expect(typeof email.html).toBe('string');
      for (const fragment of outcome.html.mustContain) expect(email.html).toContain(sub(fragment));
      for (const fragment of outcome.html.mustNotContain) expect(email.html!.toLowerCase()).not.toContain(sub(fragment).toLowerCase());
    }
    if (outcome.attachments) {
      expect(
        email.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          inline: a.inline,
          ...(outcome.attachments!.find((e) => e.filename === a.filename)?.size === undefined ? {} : { size: a.size }),
          ...(a.contentId && outcome.attachments!.some((e) => e.contentId) ? { contentId: a.contentId } : {}),
        })),
      ).toEqual(outcome.attachments);
      // Every inline image the HTML shows points at its stored attachment, never at cid: or elsewhere.
      for (const src of email.html?.match(/<img[^>]*\ssrc="([^"]*)"/g) ?? []) expect(src).toMatch(/\ssrc="\/api\/attachments\/[0-9a-f-]{36}"/);
      for (const a of email.attachments.filter((a) => a.inline && a.contentId && email.html?.includes('<img'))) expect(email.html).toContain(`/api/attachments/${a.id}`);
    }
    expect(email.automatic).toEqual(outcome.automatic);

    switch (outcome.record) {
      case 'bounce':
        expect(classification).toMatchObject({
          kind: 'bounce',
          report: { againstMessageId: sub(outcome.bounce!.against), recipient: outcome.bounce!.recipient, action: outcome.bounce!.action, status: outcome.bounce!.status },
        });
        break;
      case 'quarantined':
        expect(classification).toMatchObject({ kind: 'quarantined', reason: outcome.quarantine!.reason });
        break;
      case 'own-mail':
        // By the loop header here; by a Message-ID the system issued, the tickets service decides (announced).
        expect(classification.kind).toBe(email.loopHeader === null ? 'announce' : 'own-mail');
        break;
      default:
        // new-ticket, joined-ticket, duplicate: announced to the tickets service (a duplicate by the fetcher never reaches here).
        expect(classification).toEqual({ kind: 'announce', automatic: outcome.automatic });
    }
  });

  it('has both kinds of own mail, so both paths are exercised', () => {
    const own = corpus.filter((c) => c.expected.expected.record === 'own-mail').map((c) => c.source.toString('latin1'));
    expect(own.some((source) => /^X-Helpdesk-Loop:/im.test(source))).toBe(true);
    expect(own.some((source) => !/^X-Helpdesk-Loop:/im.test(source))).toBe(true);
  });
});
