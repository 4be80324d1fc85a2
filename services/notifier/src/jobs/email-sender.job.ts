import { isInfrastructureError } from '@helpdesk/errors';
import type { Logger } from '@helpdesk/logging';
import type { Job } from '@helpdesk/runtime';
import type { Mailer } from '../mail/mailer.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { claimDueEmails, markFailed, markSent, type ClaimedEmail } from '../persistence/outgoing-email.repository.js';
import { sendEmail, type RetryPolicy, type SendOutcome } from '../domain/send-email.js';

// A claim outlasts the longest send by this much: the time to start the send and to mark it.
const leaseMarginMs = 2_000;
// Back-off of the retries of an outcome the database did not take; short, so that a kept outcome lands before the lease lapses and another instance claims the email.
const recordRetry = { firstMs: 200, maxMs: 500 };

/**
 * Sends queued email, up to `concurrency` at a time. Each email is claimed for longer than a send
 * can take, in a statement of its own; it is sent with no transaction open, and its outcome is
 * recorded in another statement. An outcome the database does not take because it is away is kept
 * here and retried until it does: an email the server accepted is never sent again for that.
 */
export function startEmailSender(options: {
  db: NotifierDatabase;
  mailer: Mailer;
  log: Logger;
  intervalMs: number;
  concurrency: number;
  retry: RetryPolicy;
}): Job {
  const { db, mailer, log } = options;
  const leaseMs = mailer.longestSendMs + leaseMarginMs;
  const sending = new Set<Promise<void>>();
  /** Outcomes waiting for the database, by email id. */
  const unrecorded = new Map<string, () => Promise<void>>();
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Set when a send ends or the job stops while the loop is busy, so that its next pause is skipped.
  let woken = false;

  const pause = (ms: number) =>
    woken
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, ms);
        });
  const wakeUp = () => {
    woken = true;
    clearTimeout(timer);
    wake?.();
  };

  const record = async (email: ClaimedEmail, outcome: SendOutcome) => {
    const write = () => (outcome.sent ? markSent(db.client, email.id) : markFailed(db.client, email, outcome.error, outcome.retryInMs));
    try {
      await write();
    } catch (err) {
      keepIfDatabaseAway(email.id, write, err);
    }
  };

  const keepIfDatabaseAway = (emailId: string, write: () => Promise<void>, err: unknown) => {
    if (isInfrastructureError(err)) {
      if (!unrecorded.has(emailId)) log.warn({ err, emailId }, 'database away: the outcome of a send is kept until it answers');
      unrecorded.set(emailId, write);
    } else {
      // A bug, not an outage: retrying would not help. The claim lapses and the email goes again, same Message-ID.
      unrecorded.delete(emailId);
      log.error({ err, emailId }, 'could not record the outcome of a send');
    }
  };

  /** True once every kept outcome is recorded. */
  const recordKept = async () => {
    for (const [emailId, write] of unrecorded) {
      try {
        await write();
        unrecorded.delete(emailId);
      } catch (err) {
        keepIfDatabaseAway(emailId, write, err);
        if (unrecorded.has(emailId)) return false;
      }
    }
    return true;
  };

  // Emails are queued in the notifier's own transactions: look at once after each commit instead of at the next interval.
  db.afterCommit(() => wakeUp());

  const send = (email: ClaimedEmail) => {
    const sent = sendEmail(mailer, email, options.retry)
      .then((outcome) => record(email, outcome))
      .finally(() => {
        sending.delete(sent);
        wakeUp();
      });
    sending.add(sent);
  };

  const loop = (async () => {
    let recordDelayMs = recordRetry.firstMs;
    while (running) {
      woken = false;
      // Claim nothing while outcomes wait: the database is away, and they come first when it is back.
      if (unrecorded.size > 0) {
        if (!(await recordKept())) {
          await pause(recordDelayMs);
          recordDelayMs = Math.min(recordRetry.maxMs, recordDelayMs * 2);
          continue;
        }
        recordDelayMs = recordRetry.firstMs;
      }
      const free = options.concurrency - sending.size;
      if (free > 0) {
        try {
          const claimed = await claimDueEmails(db.client, { limit: free, maxAttempts: options.retry.maxAttempts, leaseMs });
          for (const email of claimed) send(email);
        } catch (err) {
          log.warn({ err }, 'could not claim queued email; retrying');
        }
      }
      // Until a send ends (a slot is free again) or, when the queue was empty, the next look.
      if (running) await pause(options.intervalMs);
    }
  })();

  return {
    async stop() {
      running = false;
      wakeUp();
      await loop;
      await Promise.all([...sending]);
      if (!(await recordKept())) {
        log.error({ emailIds: [...unrecorded.keys()] }, 'stopping with outcomes the database did not take: these emails go again, with the same Message-ID');
      }
      mailer.close();
    },
  };
}
