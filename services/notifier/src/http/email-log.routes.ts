import { Router } from 'express';
import { decodeTimeCursor, encodeTimeCursor, permissions, type StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { NotifierDatabase } from '../persistence/client.js';
import { findLogEntry, searchLog } from '../persistence/email-log.repository.js';
import { LogEntryNotFoundError, retryLoggedEmail } from '../domain/email-log/email-log.js';
import { requireNotifierAdmin } from './require-admin.js';
import { getLoggedEmailRoute, retryLoggedEmailRoute, searchEmailLogRoute } from './api-description.js';
import { logEntryResponse, logEntrySummary } from './email-log.schemas.js';

/**
 * The email log (issue 12, item 7): every email sent or decided against, searchable, each with its
 * bodies and headers, and the retry of one that did not go. `email_log.manage` and access to all
 * customers: the log holds every customer's emails.
 */
export function emailLogRoutes(db: NotifierDatabase, options: { maxAttempts: number }): Router {
  const router = Router();
  const { maxAttempts } = options;
  const requireLogAdmin = (staff: StaffPrincipal) => requireNotifierAdmin(db.client, staff, permissions.manageEmailLog.name);

  serve(router, searchEmailLogRoute, async ({ principal, query: { cursor, from, to, limit, ...filters } }, _req, res) => {
    await requireLogAdmin(principal);
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

  serve(router, getLoggedEmailRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireLogAdmin(principal);
    const entry = await findLogEntry(db.client, id, maxAttempts);
    if (!entry) throw new LogEntryNotFoundError(id);
    res.json(logEntryResponse(entry));
  });

  serve(router, retryLoggedEmailRoute, async ({ principal, params: { id } }, _req, res) => {
    const staff = await requireLogAdmin(principal);
    const entry = await retryLoggedEmail(db, id, staff.userId, maxAttempts);
    res.status(202).json(logEntryResponse(entry));
  });

  return router;
}
