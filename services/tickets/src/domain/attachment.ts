/**
 * How an attachment of an inbound email is served (issue 11 §3): never rendered as active content.
 * Only raster images shown in the body may be inline; everything else is a download
 * (`Content-Disposition: attachment`). Types that a browser would run or render as a document
 * (HTML, SVG, XML, scripts) are sent as application/octet-stream whatever the email said.
 */
const inlineImageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);
const activeType = /html|xml|svg|javascript|ecmascript|x-sh|x-httpd/i;
const wellFormedType = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

export interface ServedAs {
  contentType: string;
  disposition: 'inline' | 'attachment';
}

export function servedAs(declaredType: string): ServedAs {
  const type = declaredType.split(';')[0]!.trim().toLowerCase();
  if (inlineImageTypes.has(type)) return { contentType: type, disposition: 'inline' };
  if (!wellFormedType.test(type) || activeType.test(type)) return { contentType: 'application/octet-stream', disposition: 'attachment' };
  return { contentType: type, disposition: 'attachment' };
}

/**
 * The Content-Disposition header (RFC 6266): an ASCII fallback name, and the real one as UTF-8
 * (RFC 8187); quotes, backslashes, control characters and path separators never get through.
 */
export function contentDisposition(disposition: 'inline' | 'attachment', filename: string): string {
  const name = filename.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim() || 'attachment';
  const fallback = name.replace(/[^\x20-\x7e]|["%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
