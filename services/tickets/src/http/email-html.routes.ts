import { Router, type Response } from 'express';
import type { ContactPrincipal, StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { MailIngestClient } from '../clients/mail-ingest.js';
import { servedAs } from '../domain/attachment.js';
import { portalEmailHtml, staffEmailHtml, withOwnImagesInline, withRemoteImages, type InlineImageLoader } from '../domain/email-html.js';
import { staffAttachment } from '../domain/get-attachment.js';
import { staffUserOf } from '../domain/staff-user.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { noteHtmlRoute, portalNoteHtmlRoute, portalTicketHtmlRoute, ticketHtmlRoute } from './api-description.js';

/**
 * The document's own policy: no script at all, no form, no plugin, nothing from elsewhere but (when
 * asked) images; a sandbox even where a page frames it without one, and framed by our own pages only.
 * With its remote images the document gets an opaque origin (no `allow-same-origin`): an image naming
 * the helpdesk's own address is then a cross-site request, sent without the SameSite=Strict session cookie.
 */
function contentSecurityPolicy(remoteImages: boolean): string {
  return [
    "default-src 'none'",
    remoteImages ? "img-src 'self' data: https: http:" : "img-src 'self' data:",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    remoteImages ? 'sandbox allow-popups allow-popups-to-escape-sandbox' : 'sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox',
    "frame-ancestors 'self'",
  ].join('; ');
}

/** Readable in a narrow frame; an inert remote image shows as a framed placeholder with its alt text. */
const documentStyle =
  'body{margin:0;padding:.5rem;font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}' +
  'img,table{max-width:100%}img{height:auto}img[data-remote-src]{outline:1px dashed #888;min-width:1em;min-height:1em}' +
  'pre{white-space:pre-wrap}blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid #ccc}';

/** The sanitised HTML as a page of its own, to be shown in a sandboxed frame (web/src/shared/EmailHtml.tsx). */
function sendEmailHtml(res: Response, body: string, remoteImages: boolean): void {
  res
    .status(200)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(remoteImages),
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
    .send(
      `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Email</title><style>${documentStyle}</style></head><body>${body}</body></html>`,
    );
}

/**
 * An email's sanitised HTML as a document (issue 14 §3): of the email that opened the ticket
 * (`…/html`) or of a note an email added (`…/notes/{noteId}/html`), for agents who may see the ticket
 * and for portal contacts (public notes of tickets within their scope). Remote images stay inert
 * unless an agent asks for them.
 */
export function emailHtmlRoutes(db: TicketsDatabase, mailIngest: MailIngestClient): Router {
  const router = Router();

  // Agents may ask for remote images (`?remote=allow`); the portal never loads them.
  const forStaff = async ({ principal, params, query }: { principal: StaffPrincipal; params: { id: string; noteId?: string }; query: { remote?: 'allow' } }, _req: unknown, res: Response) => {
    const staff = await staffUserOf(db, principal);
    const html = await staffEmailHtml(db, staff, params.id, params.noteId ?? null);
    if (query.remote !== 'allow') return sendEmailHtml(res, html, false);
    // The email's own inline images, as /api/attachments serves them to this agent: raster images only.
    const inlineImage: InlineImageLoader = async (attachmentId) => {
      const served = servedAs((await staffAttachment(db, staff, attachmentId)).contentType);
      return served.disposition === 'inline' ? { contentType: served.contentType, content: await mailIngest.attachmentContent(attachmentId) } : null;
    };
    sendEmailHtml(res, await withOwnImagesInline(withRemoteImages(html), inlineImage), true);
  };
  const forContact = async ({ principal, params }: { principal: ContactPrincipal; params: { id: string; noteId?: string } }, _req: unknown, res: Response) => {
    sendEmailHtml(res, await portalEmailHtml(db, principal, params.id, params.noteId ?? null), false);
  };
  serve(router, ticketHtmlRoute, forStaff);
  serve(router, noteHtmlRoute, forStaff);
  serve(router, portalTicketHtmlRoute, forContact);
  serve(router, portalNoteHtmlRoute, forContact);

  return router;
}
