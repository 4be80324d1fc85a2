import sanitizeHtml from 'sanitize-html';

/**
 * The HTML of an inbound email as clients may see it (issue 11 §3; policy in the service README,
 * "Processing"). sanitize-html with an allowlist: ordinary formatting, tables, lists, quotes and a
 * few harmless inline styles stay; scripts, styles, event handlers, forms, frames, objects, SVG and
 * MathML, base and meta go (with the text of script, style, title and the like). Links keep only
 * http, https and mailto targets and open in a new tab without a referrer. Images are shown only from
 * this system: `cid:` references become `/api/attachments/{attachmentId}` (the gateway serves them to
 * those who may see the ticket), and an `/api/attachments/` image is kept only when it is one of this
 * email's own inline images. A remote image (http or https) is kept inert: its address moves to
 * `data-remote-src` and it has no `src`, so that nothing loads by itself and no sender learns when or
 * where the mail was read until an agent asks for it (the tickets service serves the HTML with the
 * images' `src` then, issue 14 §3); any other source goes.
 */

/** Where an attachment is served; the only image source the sanitised HTML keeps. */
export function attachmentPath(attachmentId: string): string {
  return `/api/attachments/${attachmentId}`;
}

const ATTACHMENT_PATH = /^\/api\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const LINK = /^(https?:\/\/|mailto:)/i;

/** Where a remote image's address is kept, without loading it. */
export const REMOTE_IMAGE_ATTRIBUTE = 'data-remote-src';

/** An absolute http or https address, as the URL parser writes it (escaped), or undefined. */
function remoteImageAddress(value: string): string | undefined {
  if (!/^https?:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Content-IDs compare without their angle brackets and in any case. */
export function normaliseContentId(cid: string): string {
  return cid.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}

const allowedTags = [
  'a', 'abbr', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
  'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

const cell = ['align', 'valign', 'colspan', 'rowspan', 'width', 'height', 'bgcolor'];
const allowedAttributes: sanitizeHtml.IOptions['allowedAttributes'] = {
  '*': ['style', 'title', 'dir', 'lang', 'align'],
  a: ['href', 'name', 'target', 'rel'],
  img: ['src', REMOTE_IMAGE_ATTRIBUTE, 'alt', 'width', 'height'],
  font: ['color', 'face', 'size'],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'bgcolor'],
  td: cell,
  th: cell,
  tr: ['valign', 'bgcolor'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type'],
  ul: ['type'],
  blockquote: ['type', 'cite'],
};

const colour = /^(#[0-9a-f]{3,8}|[a-z]+|rgba?\(\s*[\d.]+%?\s*,\s*[\d.]+%?\s*,\s*[\d.]+%?\s*(,\s*[\d.]+\s*)?\))$/i;
const length = /^(0|-?[\d.]+(px|pt|em|rem|%|ex|ch|cm|mm|in)?)(\s+(0|-?[\d.]+(px|pt|em|rem|%|ex|ch|cm|mm|in)?)){0,3}$/i;
const keyword = /^[a-z-]+$/i;
const allowedStyles: sanitizeHtml.IOptions['allowedStyles'] = {
  '*': {
    color: [colour],
    'background-color': [colour],
    'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/i],
    'font-style': [/^(normal|italic|oblique)$/i],
    'font-size': [length, keyword],
    'font-family': [/^[\w\s,'"-]+$/],
    'text-decoration': [/^[a-z\s-]+$/i],
    'text-align': [/^(left|right|center|justify|start|end)$/i],
    'vertical-align': [keyword, length],
    'white-space': [keyword],
    'line-height': [length, /^normal$/i],
    margin: [length], 'margin-left': [length], 'margin-right': [length], 'margin-top': [length], 'margin-bottom': [length],
    padding: [length], 'padding-left': [length], 'padding-right': [length], 'padding-top': [length], 'padding-bottom': [length],
    width: [length, /^auto$/i], height: [length, /^auto$/i],
    border: [/^[\w\s#.,()%-]+$/], 'border-collapse': [keyword],
  },
};

/**
 * `images`: the email's Content-IDs (normalised) to its attachment ids, for `cid:` references. `own`:
 * the attachment ids an `/api/attachments/{id}` source may name (this email's own inline images, so
 * that sanitising again keeps them); a path to any other attachment, which a sender can write, goes:
 * it would make the viewer's browser fetch an attachment of another ticket with their session.
 */
function options(images: ReadonlyMap<string, string>, own: ReadonlySet<string>): sanitizeHtml.IOptions {
  return {
    allowedTags,
    allowedAttributes,
    allowedStyles,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'title', 'noscript', 'template', 'noembed', 'noframes', 'iframe', 'object', 'svg', 'math'],
    transformTags: {
      a: (tagName, attribs) => {
        const href = (attribs.href ?? '').trim();
        const { href: _href, target: _target, rel: _rel, ...rest } = attribs;
        if (!LINK.test(href)) return { tagName, attribs: rest };
        return { tagName, attribs: { ...rest, href, target: '_blank', rel: 'noopener noreferrer nofollow' } };
      },
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const alt = attribs.alt ?? '';
        const keep = { ...(alt ? { alt } : {}), ...(attribs.width ? { width: attribs.width } : {}), ...(attribs.height ? { height: attribs.height } : {}) };
        if (/^cid:/i.test(src)) {
          const id = images.get(normaliseContentId(decodeURIComponentSafe(src.slice(4))));
          return id ? { tagName, attribs: { ...keep, src: attachmentPath(id) } } : { tagName, attribs: {} };
        }
        const path = ATTACHMENT_PATH.exec(src);
        if (path && own.has(path[1]!)) return { tagName, attribs: { ...keep, src } };
        // Loading a remote image tells the sender when and where the mail was read: its address is kept, inert.
        // An inert one written before (a second sanitise) stays as it is.
        const remote = remoteImageAddress(src || (attribs[REMOTE_IMAGE_ATTRIBUTE] ?? '').trim());
        return { tagName, attribs: remote ? { ...keep, [REMOTE_IMAGE_ATTRIBUTE]: remote } : {} };
      },
    },
    // An image left with neither a source nor a remote address (refused above) goes altogether.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_IMAGE_ATTRIBUTE],
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Sanitises an email's HTML. `images` maps the normalised Content-IDs of the email's attachments to
 * their ids, for the `cid:` references; only those ids may appear as `/api/attachments/{id}` images.
 * The result may be sanitised again with the same map (after truncation) and stays the same.
 */
export function sanitiseHtml(html: string, images: ReadonlyMap<string, string> = new Map()): string {
  return sanitizeHtml(html, options(images, new Set(images.values()))).trim();
}

/**
 * At most `maxBytes` of UTF-8, cut and sanitised again so that no half tag is left; `truncated` says
 * whether it was cut. `ownImages`: the ids of this email's inline images (its Content-ID map), the
 * only `/api/attachments/{id}` images the second sanitise keeps.
 */
export function capHtml(html: string, maxBytes: number, ownImages: ReadonlySet<string>): { html: string; truncated: boolean } {
  if (Buffer.byteLength(html, 'utf8') <= maxBytes) return { html, truncated: false };
  return { html: sanitizeHtml(capText(html, maxBytes).text, options(new Map(), ownImages)).trim(), truncated: true };
}

/** At most `maxBytes` of UTF-8, never splitting a character. */
export function capText(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return { text: bytes.subarray(0, end).toString('utf8'), truncated: true };
}
