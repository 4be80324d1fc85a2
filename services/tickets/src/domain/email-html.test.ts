import { withRemoteImages } from './email-html.js';

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
