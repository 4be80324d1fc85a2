import { Router } from 'express';
import { NotFoundError } from '@helpdesk/errors';
import { requireCaller } from '@helpdesk/http';
import { compileParser, Type } from '@helpdesk/validation';
import type { MailIngestDatabase } from '../persistence/client.js';
import { findAttachmentContent } from '../persistence/attachment.repository.js';

const parseAttachmentId = compileParser(Type.String({ format: 'uuid' }), 'attachment id');

/**
 * Routes for the system's own services, on the internal listener only. The tickets service decides
 * who may see an attachment (the ticket it belongs to) and fetches its bytes here; nobody else may.
 */
export function internalAttachmentsRoutes(db: MailIngestDatabase): Router {
  const router = Router();

  // The bytes, as stored; never rendered here: the tickets service serves them with the headers that
  // keep a browser from running them (attachment disposition, nosniff, CSP sandbox).
  router.get('/internal/attachments/:id', async (req, res) => {
    requireCaller(req, ['tickets']);
    const id = parseAttachmentId(req.params.id);
    const attachment = await findAttachmentContent(db.client, id);
    if (!attachment) throw new NotFoundError(`Attachment ${id} does not exist.`);
    res.status(200).set({ 'content-type': 'application/octet-stream', 'content-length': String(attachment.content.length), 'x-content-type-options': 'nosniff' }).end(attachment.content);
  });

  return router;
}
