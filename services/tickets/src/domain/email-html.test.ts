import { withOwnImagesInline, withRemoteImages } from './email-html.js';

describe('an email\'s remote images, when an agent asks for them', () => {
  it('gives each inert image its http or https address as its source', () => {
    expect(withRemoteImages('<p><img alt="a" data-remote-src="https://t.example/a.gif?x=1&amp;y=2" width="4" /><img data-remote-src="http://t.example/b.gif" /></p>')).toBe(
      '<p><img alt="a" src="https://t.example/a.gif?x=1&amp;y=2" width="4" /><img src="http://t.example/b.gif" /></p>',
    );
  });

  it('changes nothing outside an image tag or inside another attribute\'s value, and no other scheme', () => {
    const html = '<p>data-remote-src="https://t.example/text.gif"</p><img title="data-remote-src=&quot;https://t.example/t.gif&quot;" /><a title="x" data-remote-src="https://t.example/a.gif">a</a><img data-remote-src="javascript:alert(1)" />';
    expect(withRemoteImages(html)).toBe(html);
  });
});

describe('an email\'s own inline images, in the document that loads remote images (an opaque origin, no session cookie)', () => {
  const logo = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
  const pdf = '1b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
  const images: Record<string, { contentType: string; content: Buffer } | null> = { [logo]: { contentType: 'image/png', content: Buffer.from('png bytes') }, [pdf]: null };

  it('puts each image of its own in as a data: URL, read once however often it appears, and leaves the others as they are', async () => {
    const reads: string[] = [];
    const load = async (id: string) => {
      reads.push(id);
      return images[id] ?? null;
    };
    const html = `<p><img alt="logo" src="/api/attachments/${logo}" /><img src="/api/attachments/${pdf}" /><img src="/api/attachments/${logo}" width="2" /><img src="https://t.example/a.gif" /></p>`;
    const data = `data:image/png;base64,${Buffer.from('png bytes').toString('base64')}`;
    expect(await withOwnImagesInline(html, load)).toBe(
      `<p><img alt="logo" src="${data}" /><img src="/api/attachments/${pdf}" /><img src="${data}" width="2" /><img src="https://t.example/a.gif" /></p>`,
    );
    expect(reads).toEqual([logo, pdf]);
  });

  it('reads nothing for an email without images of its own, nor for an address in text or in another attribute', async () => {
    const html = `<p>src="/api/attachments/${logo}"</p><img title="src=&quot;/api/attachments/${logo}&quot;" /><a href="/api/attachments/${logo}">file</a>`;
    const load = jest.fn();
    expect(await withOwnImagesInline(html, load)).toBe(html);
    expect(load).not.toHaveBeenCalled();
  });
});
