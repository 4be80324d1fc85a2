import { contentDisposition, servedAs } from './attachment';

describe('serving an attachment', () => {
  it('shows raster images inline', () => {
    for (const type of ['image/png', 'IMAGE/JPEG', 'image/gif; name="a.gif"', 'image/webp']) expect(servedAs(type).disposition).toBe('inline');
    expect(servedAs('image/jpeg; name=x')).toEqual({ contentType: 'image/jpeg', disposition: 'inline' });
  });

  it('makes everything else a download, and active or odd types octet-stream', () => {
    expect(servedAs('application/pdf')).toEqual({ contentType: 'application/pdf', disposition: 'attachment' });
    expect(servedAs('text/plain')).toEqual({ contentType: 'text/plain', disposition: 'attachment' });
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/javascript', 'text/javascript', 'nonsense', '', 'text/plain\r\nX-Evil: 1']) {
      expect(servedAs(type)).toEqual({ contentType: 'application/octet-stream', disposition: 'attachment' });
    }
  });

  it('names the file safely, with the real name in UTF-8', () => {
    expect(contentDisposition('attachment', 'Rechnung März.pdf')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(contentDisposition('inline', 'a"b\r\nX: y.png')).toBe(`inline; filename="a_b_X: y.png"; filename*=UTF-8''a%22b_X%3A%20y.png`);
    expect(contentDisposition('attachment', '../../etc/passwd')).toBe(`attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`);
    expect(contentDisposition('attachment', '')).toContain('filename="attachment"');
  });
});
