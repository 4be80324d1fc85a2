import { Router } from 'express';
import { NotFoundError } from '@helpdesk/errors';
import { requireCaller } from '@helpdesk/http';
import type { MailIngestDatabase } from '../persistence/client.js';
import { readAttachment } from '../persistence/inbound-email.repository.js';
import { parseInboundEmailId } from './inbound-emails.schemas.js';

/**
 * Routes for the system's own services, on the internal listener only. The tickets service serves
 * inbound attachments (`GET /api/attachments/{id}`) to those who may see their ticket, which it
 * decides; it fetches the bytes here. Nobody else may ask.
 */
export function internalRoutes(db: MailIngestDatabase): Router {
  const router = Router();

  router.get('/internal/attachments/:id', async (req, res) => {
    requireCaller(req, ['tickets']);
    const id = parseInboundEmailId(req.params.id);
    const attachment = await readAttachment(db.client, id);
    if (!attachment) throw new NotFoundError(`There is no inbound attachment ${id}.`);
    res
      .status(200)
      .set({
        // The type the email claimed may hold anything; the tickets service decides what it serves as.
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        'X-Content-Type-Options': 'nosniff',
        'X-Inbound-Email-Id': attachment.emailId,
        'X-Attachment-Inline': String(attachment.inline),
        'Cache-Control': 'no-store',
      })
      .end(attachment.content);
  });

  return router;
}
