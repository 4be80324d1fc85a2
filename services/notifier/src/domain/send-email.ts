import { loopHeaderName } from '@helpdesk/contracts-schema';
import type { Mailer } from '../mail/mailer.js';
import type { AutoSubmitted, ClaimedEmail } from '../persistence/outgoing-email.repository.js';

/**
 * The headers of every email the system sends. RFC 3834: mail the system writes by itself says so,
 * and other systems must not answer it. `X-Helpdesk-Loop` names the domain of the system's
 * Message-IDs: mail-ingest recognises the system's own mail by it and never imports it.
 */
export function systemMailHeaders(loopDomain: string, autoSubmitted: AutoSubmitted | null): Record<string, string> {
  return {
    // A person's words (an agent's public note) are not automatic mail (RFC 3834 §5): no Auto-Submitted.
    ...(autoSubmitted ? { 'Auto-Submitted': autoSubmitted } : {}),
    'X-Auto-Response-Suppress': 'All',
    [loopHeaderName]: loopDomain,
  };
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Wait before the second attempt; it doubles with each failure, up to an hour. */
  firstRetryDelayMs: number;
}

export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  return Math.min(60 * 60 * 1000, policy.firstRetryDelayMs * 2 ** (failedAttempts - 1));
}

/** What became of one attempt, to be recorded on the email's row. */
export type SendOutcome = { sent: true; response?: string } | { sent: false; error: string; retryInMs: number; response?: string };

/**
 * Hands a claimed email to the mail server, with the Message-ID and threading it was queued with and
 * the system's headers. Never throws:
 * a refusal, a timeout or a dropped connection is a failed attempt, retried after a back-off.
 */
export async function sendEmail(mailer: Mailer, email: ClaimedEmail, policy: RetryPolicy, loopDomain: string): Promise<SendOutcome> {
  try {
    const receipt = await mailer.send({
      messageId: email.messageId,
      to: email.toAddress,
      subject: email.subject,
      text: email.textBody,
      ...(email.htmlBody ? { html: email.htmlBody } : {}),
      headers: systemMailHeaders(loopDomain, email.autoSubmitted),
      // The threading it was queued with, the same for every attempt.
      ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
      ...(email.referenceIds ? { references: email.referenceIds } : {}),
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    });
    return { sent: true, ...(receipt.response ? { response: receipt.response } : {}) };
  } catch (error) {
    // nodemailer puts a refusing server's line on the error.
    const response = (error as { response?: unknown } | null)?.response;
    return { sent: false, error: String(error), retryInMs: retryDelayMs(policy, email.attempts), ...(typeof response === 'string' ? { response } : {}) };
  }
}
