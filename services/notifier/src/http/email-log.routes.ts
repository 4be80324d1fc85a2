import { Router } from 'express';
import { decodeTimeCursor, encodeTimeCursor, permissions } from '@helpdesk/http';
import type { NotifierDatabase } from '../persistence/client.js';
import { findLogEntry, searchLog } from '../persistence/email-log.repository.js';
import { LogEntryNotFoundError, retryLoggedEmail } from '../domain/email-log/email-log.js';
import { requireNotifierAdmin } from './require-admin.js';
import { logEntryResponse, logEntrySummary, parseLogEntryId, parseLogSearch } from './email-log.schemas.js';

/**
 * The email log (issue 12, item 7): every email sent or decided against, searchable, each with its
 * bodies and headers, and the retry of one that did not go. `email_log.manage` and access to all
 * customers: the log holds every customer's emails.
 */
export function emailLogRoutes(db: NotifierDatabase, options: { maxAttempts: number }): Router {
  const router = Router();
  const { maxAttempts } = options;
  const requireLogAdmin = (req: Parameters<typeof requireNotifierAdmin>[1]) => requireNotifierAdmin(db.client, req, permissions.manageEmailLog.name);

  router.get('/api/emails/log', async (req, res) => {
    await requireLogAdmin(req);
    const { cursor, from, to, limit, ...filters } = parseLogSearch({ ...req.query });
    const rows = await searchLog(db.client, {
      ...filters,
      ...(from !== undefined ? { from: new Date(from) } : {}),
      ...(to !== undefined ? { to: new Date(to) } : {}),
      ...(cursor !== undefined ? { after: decodeTimeCursor(cursor) } : {}),
      limit,
      maxAttempts,
    });
    const page = rows.slice(0, limit);
    res.json({ items: page.map(logEntrySummary), next: rows.length > limit ? encodeTimeCursor({ at: page[page.length - 1]!.createdAt, id: page[page.length - 1]!.id }) : null });
  });

  router.get('/api/emails/log/:id', async (req, res) => {
    await requireLogAdmin(req);
    const id = parseLogEntryId(req.params.id);
    const entry = await findLogEntry(db.client, id, maxAttempts);
    if (!entry) throw new LogEntryNotFoundError(id);
    res.json(logEntryResponse(entry));
  });

  router.post('/api/emails/log/:id/retry', async (req, res) => {
    const staff = await requireLogAdmin(req);
    const entry = await retryLoggedEmail(db, parseLogEntryId(req.params.id), staff.userId, maxAttempts);
    res.status(202).json(logEntryResponse(entry));
  });

  return router;
}
