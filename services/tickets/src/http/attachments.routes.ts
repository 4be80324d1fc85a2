import { Router } from 'express';
import { ForbiddenError } from '@helpdesk/errors';
import { serve } from '@helpdesk/openapi';
import type { MailIngestClient } from '../clients/mail-ingest.js';
import { contentDisposition, servedAs } from '../domain/attachment.js';
import { portalAttachment, staffAttachment } from '../domain/get-attachment.js';
import { staffUserOf } from '../domain/staff-user.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { attachmentRoute } from './api-description.js';

/**
 * Attachments and inline images of inbound email (issue 11 §3), for agents who may see the ticket and
 * for portal contacts who may see it (its first email and public notes only). The bytes come from
 * mail-ingest; they are served so that no browser runs them: a download unless a raster image,
 * nosniff, and a sandboxing CSP for anything opened anyway.
 */
export function attachmentsRoutes(db: TicketsDatabase, mailIngest: MailIngestClient): Router {
  const router = Router();

  serve(router, attachmentRoute, async ({ principal, params: { id } }, _req, res) => {
    let attachment;
    if (principal.kind === 'staff') attachment = await staffAttachment(db, await staffUserOf(db, principal), id);
    else if (principal.kind === 'contact') attachment = await portalAttachment(db, principal, id);
    else throw new ForbiddenError('Attachments are for staff users and portal contacts.');
    const content = await mailIngest.attachmentContent(attachment.id);
    const served = servedAs(attachment.contentType);
    res
      .status(200)
      .set({
        'content-type': served.contentType,
        'content-length': String(content.length),
        'content-disposition': contentDisposition(served.disposition, attachment.filename),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-cache',
      })
      .end(content);
  });

  return router;
}
