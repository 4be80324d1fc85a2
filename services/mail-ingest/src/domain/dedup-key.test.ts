import { loadCorpus, renderMessage, type CorpusCase } from '../../test/corpus/corpus';
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
});
