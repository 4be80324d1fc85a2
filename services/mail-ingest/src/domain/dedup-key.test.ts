import { loadCorpus, renderMessage, type CorpusCase } from '../../test/corpus/corpus';
import { createHash } from 'node:crypto';
import { dedupKey, normaliseMessageId } from './dedup-key';

const corpus = loadCorpus();
const values = { tickets: {}, maxMessageBytes: 1024 * 1024 };
const render = (name: string) => renderMessage(corpus.find((c: CorpusCase) => c.name.startsWith(name))!, values);

/** The same email as another delivery would leave it: the receiving side's headers on top are different. */
function deliveredAgain(raw: Buffer): Buffer {
  const text = raw
    .toString('latin1')
    .replace(/^Received: from mx1[\s\S]*?(?=^Received: from (?!mx1))/m, 'Received: from mx2.helpdesk.example (mx2.helpdesk.example [192.0.2.11])\r\n\tby imap.helpdesk.example with LMTP id Zz9\r\n\tfor <support@helpdesk.example>; Fri, 04 Dec 2026 14:00:00 +0100\r\n')
    .replace(/^Delivered-To: .*$/m, 'Delivered-To: helpdesk-archive@helpdesk.example')
    .replace(/^Return-Path: .*$/m, 'Return-Path: <bounces+x@acme.example>');
  return Buffer.from(`X-Spam-Score: 0.1\r\n${text}`, 'latin1');
}

describe('the dedup key of an email', () => {
  it('is the Message-ID for a mail that has one (corpus 44), the same for a second delivery', () => {
    const first = render('44-');
    expect(dedupKey(first)).toEqual({ key: 'mid:<f00dfeed-dup-4711@acme.example>', messageId: '<f00dfeed-dup-4711@acme.example>' });
    const again = deliveredAgain(first);
    expect(again.equals(first)).toBe(false);
    expect(dedupKey(again).key).toBe(dedupKey(first).key);
  });

  it('is a hash of the sender-written headers and body without a Message-ID (corpus 42, 43), equal across deliveries', () => {
    const k42 = dedupKey(render('42-'));
    const k43 = dedupKey(render('43-'));
    expect(k42.key).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(k42.messageId).toBeNull();
    // 43 is another scan (one minute later): not a duplicate of 42.
    expect(k43.key).not.toBe(k42.key);
    // 43 delivered twice, through another relay: a duplicate.
    expect(dedupKey(deliveredAgain(render('43-'))).key).toBe(k43.key);
    // LF or CRLF line ends, trailing blank lines: the same mail.
    const lf = Buffer.from(render('43-').toString('latin1').replace(/\r\n/g, '\n') + '\n\n', 'latin1');
    expect(dedupKey(lf).key).toBe(k43.key);
  });

  it('changes with what the sender wrote: body, subject, recipients', () => {
    const base = render('42-').toString('latin1');
    const key = dedupKey(Buffer.from(base, 'latin1')).key;
    expect(dedupKey(Buffer.from(base.replace('scan job 0412', 'scan job 0413'), 'latin1')).key).not.toBe(key);
    expect(dedupKey(Buffer.from(base.replace('Subject: Scanned', 'Subject: Re: Scanned'), 'latin1')).key).not.toBe(key);
    expect(dedupKey(Buffer.from(base.replace('\r\nTo: support@', '\r\nTo: sales@'), 'latin1')).key).not.toBe(key);
    expect(dedupKey(Buffer.from(base.replace('\r\nTo: support@helpdesk.example', '\r\nTo: support@helpdesk.example\r\nCc: tom@acme.example'), 'latin1')).key).not.toBe(key);
  });

  it('normalises the Message-ID: folding and spaces gone, domain lower-cased, local part kept', () => {
    expect(normaliseMessageId(' <Abc.DEF@Mail.ACME.example> ')).toBe('<Abc.DEF@mail.acme.example>');
    expect(normaliseMessageId('\r\n <abc@x.example>')).toBe('<abc@x.example>');
    expect(normaliseMessageId('abc@X.example')).toBe('<abc@x.example>');
    expect(normaliseMessageId('   ')).toBeNull();
    const folded = Buffer.from('From: a@b.example\r\nMessage-ID:\r\n <Folded@B.Example>\r\n\r\nbody\r\n');
    expect(dedupKey(folded).key).toBe('mid:<Folded@b.example>');
  });

  it('reads at most the first MiB of the header block (review item 7): a Message-ID behind a huge header block is not looked for', () => {
    const filler = `X-Filler: ${'a'.repeat(2 * 1024 * 1024)}\r\n`;
    const late = Buffer.from(`From: a@b.example\r\nSubject: s\r\n${filler}Message-ID: <late@b.example>\r\n\r\nbody\r\n`, 'latin1');
    expect(dedupKey(late).key).toMatch(/^hash:/);
    const early = Buffer.from(`From: a@b.example\r\nMessage-ID: <early@b.example>\r\n${filler}\r\nbody\r\n`, 'latin1');
    expect(dedupKey(early)).toEqual({ key: 'mid:<early@b.example>', messageId: '<early@b.example>' });
    // All header and no blank line (a source cut short, a hostile one): still a key.
    expect(dedupKey(Buffer.from(`From: a@b.example\r\n${filler}${filler}`, 'latin1')).key).toMatch(/^hash:[0-9a-f]{64}$/);
  });

  it('hashes the body as the decided rule says (line ends CRLF, trailing blank lines dropped) without making it a string', () => {
    const reference = (raw: Buffer) => {
      // The rule written out on strings: what the streaming hash must equal.
      const text = raw.toString('latin1');
      const cut = text.indexOf('\r\n\r\n') >= 0 && (text.indexOf('\n\n') < 0 || text.indexOf('\r\n\r\n') < text.indexOf('\n\n')) ? [text.indexOf('\r\n\r\n'), 4] : [text.indexOf('\n\n'), 2];
      const body = text.slice(cut[0]! + cut[1]!);
      const normal = body.replace(/\r?\n/g, '\r\n').replace(/(\r\n)+$/, '');
      const bodyHash = createHash('sha256').update(Buffer.from(normal, 'latin1')).digest('hex');
      return `hash:${createHash('sha256').update('from:a@b.example\r\n').update(`body:${bodyHash}`).digest('hex')}`;
    };
    const bodies = ['', 'x', 'x\n', 'x\r\n\r\n\n', 'a\nb\r\nc', 'a\r\r\n', 'a\r', '\r\n\r\nx\n\n', 'a\n\n\nb\n', 'é\r\n\u00ff\n', '\r', '\n\r\n\r'];
    for (const body of bodies) {
      for (const sep of ['\r\n\r\n', '\n\n']) {
        const raw = Buffer.from(`From: a@b.example${sep}${body}`, 'latin1');
        expect([JSON.stringify(body), dedupKey(raw).key]).toEqual([JSON.stringify(body), reference(raw)]);
      }
    }
  });
});
