import { capHtml, capText, sanitiseHtml } from './sanitise-html.js';

const attachmentId = '0b7d8c9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

describe('the sanitised HTML of an inbound email', () => {
  it('points cid: images at their attachment and drops images of unknown cids', () => {
    const html = sanitiseHtml('<p><img src="cid:Logo@Acme" alt="logo"><img src="cid:other@acme"></p>', new Map([['logo@acme', attachmentId]]));
    expect(html).toBe(`<p><img alt="logo" src="/api/attachments/${attachmentId}" /></p>`);
  });

  it('keeps a remote image inert: its http or https address in data-remote-src, no src', () => {
    const html = sanitiseHtml('<p>a<img src="https://t.example/p.gif?u=1&amp;m=2" alt="logo" width="10" onerror="alert(1)">b<img src=" HTTP://T.example/q.gif ">c</p>');
    expect(html).toBe('<p>a<img alt="logo" width="10" data-remote-src="https://t.example/p.gif?u=1&amp;m=2" />b<img data-remote-src="http://t.example/q.gif" />c</p>');
  });

  it('drops any other image source, keeping the text around them', () => {
    const html = sanitiseHtml('<p>a<img src="data:image/png;base64,AAAA">b<img src="/api/tickets">c<img src="//t.example/p.gif">d<img src="javascript:alert(1)">e<img src="ftp://t.example/x.gif">f<img src="https://">g</p>');
    expect(html).toBe('<p>abcdefg</p>');
  });

  it('takes a sender-written data-remote-src only as it would take the same src: http or https, never beside another source', () => {
    const html = sanitiseHtml('<img data-remote-src="https://t.example/a.gif"><img data-remote-src="javascript:alert(1)"><img src="data:image/png;base64,AAAA" data-remote-src="https://t.example/b.gif"><img src="cid:logo@acme" data-remote-src="https://t.example/c.gif">', new Map([['logo@acme', attachmentId]]));
    expect(html).toBe(`<img data-remote-src="https://t.example/a.gif" /><img src="/api/attachments/${attachmentId}" />`);
  });

  it('writes the remote address escaped, so that it cannot leave its attribute', () => {
    const html = sanitiseHtml('<img src=\'https://t.example/"><script>alert(1)</script>\'>');
    expect(html).toBe('<img data-remote-src="https://t.example/%22%3E%3Cscript%3Ealert(1)%3C/script%3E" />');
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
    const once = sanitiseHtml(`<p>${'<a href="https://x.example/a">link</a> '.repeat(50)}</p><img src="cid:a" alt="x"><img src="https://t.example/p.gif" alt="remote">`, new Map([['a', attachmentId]]));
    expect(once).toContain('<img alt="remote" data-remote-src="https://t.example/p.gif" />');
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
