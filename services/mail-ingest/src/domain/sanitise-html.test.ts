import { capHtml, capText, sanitiseHtml } from './sanitise-html.js';

const attachmentId = '0b7d8c9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

describe('the sanitised HTML of an inbound email', () => {
  it('points cid: images at their attachment and drops images of unknown cids', () => {
    const html = sanitiseHtml('<p><img src="cid:Logo@Acme" alt="logo"><img src="cid:other@acme"></p>', new Map([['logo@acme', attachmentId]]));
    expect(html).toBe(`<p><img alt="logo" src="/api/attachments/${attachmentId}" /></p>`);
  });

  it('drops remote images and any other image source, keeping the text around them', () => {
    const html = sanitiseHtml('<p>a<img src="https://t.example/p.gif" alt="logo">b<img src="http://t.example/q.gif">c<img src="data:image/png;base64,AAAA">d<img src="/api/tickets">e</p>');
    expect(html).toBe('<p>abcde</p>');
  });

  it("drops a sender-written /api/attachments/<uuid> image: only this email's own inline images are kept", () => {
    const foreign = '5f0c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f';
    const html = sanitiseHtml(`<p>a<img src="/api/attachments/${foreign}" alt="x">b<img src="cid:logo@acme"></p>`, new Map([['logo@acme', attachmentId]]));
    expect(html).toBe(`<p>ab<img src="/api/attachments/${attachmentId}" /></p>`);
    expect(sanitiseHtml(`<img src="/api/attachments/${attachmentId}">`)).toBe('');
  });

  it("in the second sanitise of a capped HTML keeps this email's own images and drops any other /api/attachments image", () => {
    const foreign = '5f0c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f';
    // As if the first sanitise had let a foreign one through: the cap must not keep it either.
    const html = `<p><img src="/api/attachments/${attachmentId}" /><img src="/api/attachments/${foreign}" />${'x'.repeat(500)}</p>`;
    const cut = capHtml(html, 200, new Set([attachmentId]));
    expect(cut.truncated).toBe(true);
    expect(cut.html).toContain(`/api/attachments/${attachmentId}`);
    expect(cut.html).not.toContain(foreign);
  });

  it('keeps http, https and mailto links, opening in a new tab without a referrer, and takes any other target away', () => {
    const html = sanitiseHtml('<a href="mailto:a@b.example">m</a><a href=" javascript:alert(1)">j</a><a href="/api/tickets">r</a><a href="//evil.example">p</a><a href="ftp://x.example">f</a>');
    expect(html).toBe('<a href="mailto:a@b.example" target="_blank" rel="noopener noreferrer nofollow">m</a><a>j</a><a>r</a><a>p</a><a>f</a>');
  });

  it('keeps ordinary formatting and harmless styles, and drops executable ones', () => {
    const html = sanitiseHtml('<table border="1"><tr><td style="color: red; background-image: url(x); position: fixed">x</td></tr></table><b>b</b><blockquote>q</blockquote><form><input></form><style>p{}</style><meta http-equiv="refresh"><base href="https://x">');
    expect(html).toBe('<table border="1"><tr><td style="color:red">x</td></tr></table><b>b</b><blockquote>q</blockquote>');
  });

  it('stays the same when sanitised again, and a cut never leaves half a tag', () => {
    const once = sanitiseHtml(`<p>${'<a href="https://x.example/a">link</a> '.repeat(50)}</p><img src="cid:a" alt="x">`, new Map([['a', attachmentId]]));
    expect(sanitiseHtml(once, new Map([['a', attachmentId]]))).toBe(once);
    const cut = capHtml(once, 100, new Set([attachmentId]));
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.html)).toBeLessThanOrEqual(100);
    expect(cut.html).not.toMatch(/<[^>]*$/);
    expect(capHtml(once, 1 << 20, new Set([attachmentId]))).toEqual({ html: once, truncated: false });
  });

  it('caps text at a byte count without splitting a character', () => {
    expect(capText('ääää', 5)).toEqual({ text: 'ää', truncated: true });
    expect(capText('ab', 5)).toEqual({ text: 'ab', truncated: false });
  });
});
