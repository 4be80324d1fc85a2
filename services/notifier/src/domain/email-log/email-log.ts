import { ConflictError, NotFoundError } from '@helpdesk/errors';
import type { NotifierDatabase } from '../../persistence/client.js';
import { findLogEntry, retryEmail, type LogEntry, type LogEntryDetail } from '../../persistence/email-log.repository.js';

/**
 * What became of an email, derived from its row (never stored):
 * - `not_sent`: decided against (switched off, portal disabled, rate limited...): never sent, the reason says why;
 * - `bounced`: sent, then a delivery-status report of a failure named it;
 * - `sent`: the mail server accepted it;
 * - `failed`: out of attempts (MAIL_MAX_ATTEMPTS) and not being sent: nothing sends it again unless retried;
 * - `queued`: waiting for its first attempt, or in it;
 * - `retrying`: an attempt failed, another is due (or under way).
 */
export const emailResults = ['sent', 'queued', 'retrying', 'failed', 'not_sent', 'bounced'] as const;
export type EmailResult = (typeof emailResults)[number];

export class LogEntryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no email ${id} in the email log.`);
  }
}

/** Why an email cannot be retried: the answer names it. */
export function whyNotRetried(entry: LogEntry): string | undefined {
  if (entry.notSentReason !== null) {
    return `Email ${entry.id} was not sent by decision (${entry.notSentReason}): retrying would override that decision. Change what decided it (for example switch the system email on) instead.`;
  }
  if (entry.bouncedAt !== null) return `Email ${entry.id} was sent and then bounced: sending it again would bounce again. Correct the address, then let the system send a new email.`;
  if (entry.sentAt !== null) return `Email ${entry.id} was sent already (the mail server accepted it): it is not sent twice.`;
  if (entry.inFlight) return `Email ${entry.id} is being sent right now: wait for this attempt to end.`;
  return undefined;
}

/**
 * Sends an email again as soon as possible: its attempts start again from 0, with the same Message-ID
 * and headers (a recipient that got it after all drops the copy). Refused (409) for one that was sent,
 * bounced, decided against, or is being sent now. Resolves to the entry as it now is.
 */
export async function retryLoggedEmail(db: NotifierDatabase, id: string, by: string, maxAttempts: number): Promise<LogEntryDetail> {
  if (!(await retryEmail(db.client, id, by))) {
    const entry = await findLogEntry(db.client, id, maxAttempts);
    if (!entry) throw new LogEntryNotFoundError(id);
    // Retried by someone else, or sent meanwhile: the answer says what it is now.
    throw new ConflictError(whyNotRetried(entry) ?? `Email ${id} changed while it was being retried: reload it.`);
  }
  // Wakes this instance's sender (its after-commit hook) rather than waiting for its next look; the others find it when they look.
  db.statementCommitted({ wroteOutbox: false });
  return (await findLogEntry(db.client, id, maxAttempts))!;
}
