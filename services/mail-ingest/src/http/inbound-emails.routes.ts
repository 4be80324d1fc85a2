import { Router } from 'express';
import { ConflictError, NotFoundError } from '@helpdesk/errors';
import { decodeTimeCursor, encodeTimeCursor } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import { requireAllCustomersReach } from '../domain/account-access.js';
import { retryUnfiled, type AnnounceAgainSettings } from '../domain/announce-again.js';
import type { MailIngestDatabase } from '../persistence/client.js';
import { findInboundEmail, listInboundEmails, readRawSource, requeueQuarantined } from '../persistence/inbound-email.repository.js';
import { getInboundEmailRoute, listInboundEmailsRoute, rawInboundEmailRoute, retryInboundEmailRoute } from './api-description.js';
import { inboundEmailResponse, inboundEmailSummary } from './inbound-emails.schemas.js';

class InboundEmailNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no inbound email ${id}.`);
  }
}

/**
 * The processing records of inbound email (issue 11 §3, §4), for those who manage the accounts
 * (`email_accounts.manage` and access to all customers, as the accounts themselves): the list (per
 * account, by state or outcome, newest first; `state=announced` finds the emails tickets has not
 * filed yet, `state=unfiled` those given up), one record, its raw source (as a download, never rendered),
 * and the retry of a quarantined or unfiled one.
 */
export function inboundEmailsRoutes(db: MailIngestDatabase, announceAgain: AnnounceAgainSettings): Router {
  const router = Router();

  serve(router, listInboundEmailsRoute, async ({ principal, query: { accountId, state, outcome, cursor, limit } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    const rows = await listInboundEmails(db.client, { accountId, state, outcome, after: cursor === undefined ? undefined : receivedAfter(decodeTimeCursor(cursor)), limit });
    const page = rows.slice(0, limit);
    res.json({ items: page.map(inboundEmailSummary), nextCursor: rows.length > limit ? encodeTimeCursor({ at: page[page.length - 1]!.receivedAt, id: page[page.length - 1]!.id }) : null });
  });

  serve(router, getInboundEmailRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    const record = await findInboundEmail(db.client, id);
    if (!record) throw new InboundEmailNotFoundError(id);
    res.json(inboundEmailResponse(record));
  });

  serve(router, rawInboundEmailRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    const raw = await readRawSource(db.client, id);
    if (raw === undefined) throw new InboundEmailNotFoundError(id);
    if (raw === null) throw new NotFoundError(`The raw source of inbound email ${id} is not kept.`);
    res
      .status(200)
      .set({
        'Content-Type': 'message/rfc822',
        'Content-Disposition': `attachment; filename="${id}.eml"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "sandbox; default-src 'none'",
        'Cache-Control': 'no-store',
      })
      .end(raw);
  });

  serve(router, retryInboundEmailRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    // Unfiled: announced again now, its announcements counted from zero. Quarantined: processed again.
    if (!(await retryUnfiled(db, announceAgain, id))) {
      const outcome = await requeueQuarantined(db.client, id);
      if (outcome === 'not-found') throw new InboundEmailNotFoundError(id);
      if (outcome === 'not-quarantined') throw new ConflictError(`Inbound email ${id} is neither quarantined nor unfiled: only a quarantined email (processed again) or an unfiled one (announced again) can be retried.`);
      // Wakes this process's processor (its after-commit hook) rather than waiting for its next look.
      db.statementCommitted({ wroteOutbox: false });
    }
    const record = await findInboundEmail(db.client, id);
    res.status(202).json(inboundEmailResponse(record!));
  });

  return router;
}

const receivedAfter = (position: { at: Date; id: string }) => ({ receivedAt: position.at, id: position.id });
