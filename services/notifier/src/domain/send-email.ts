import type { Mailer } from '../mail/mailer.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { claimNextDue, markFailed, markSent } from '../persistence/outgoing-email.repository.js';

// RFC 3834: mail the system writes by itself says so, and other systems must not answer it.
const systemMailHeaders = { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' };

/**
 * Sends the oldest queued email, holding its row lock while the server accepts it, so that two
 * notifier instances never send the same email. Returns false when nothing was waiting.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** Wait before the second attempt; it doubles with each failure, up to an hour. */
  firstRetryDelayMs: number;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(60 * 60 * 1000, policy.firstRetryDelayMs * 2 ** (failedAttempts - 1));
}

export async function sendNextEmail(db: NotifierDatabase, mailer: Mailer, policy: RetryPolicy): Promise<boolean> {
  return db.transaction(async (tx) => {
    const email = await claimNextDue(tx, policy.maxAttempts);
    if (!email) return false;
    try {
      const messageId = await mailer.send({ to: email.toAddress, subject: email.subject, text: email.textBody, headers: systemMailHeaders });
      await markSent(tx, email, messageId);
    } catch (error) {
      await markFailed(tx, email.id, String(error), new Date(Date.now() + retryDelayMs(policy, email.attempts + 1)));
    }
    return true;
  });
}
