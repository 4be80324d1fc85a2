import { isInfrastructureError } from '@helpdesk/errors';
import type { Logger } from '@helpdesk/logging';
import type { Job } from '@helpdesk/runtime';
import type { Mailer } from '../mail/mailer.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { claimDueEmails, recordAttempts, type AttemptOutcome, type ClaimedEmail } from '../persistence/outgoing-email.repository.js';
import { sendEmail, type RetryPolicy } from '../domain/send-email.js';

// A claim outlasts the longest send by this much: the time to start the send and to mark it.
const leaseMarginMs = 2_000;
// Back-off of the retries of an outcome the database did not take; short, so that a kept outcome lands before the lease lapses and another instance claims the email.
const recordRetry = { firstMs: 200, maxMs: 500 };

/**
 * Sends queued email, up to `concurrency` at a time over the pooled transport. Emails are claimed
 * for longer than a send can take, many in one statement; they are sent with no transaction open,
 * and the outcomes that ended meanwhile are recorded together in another statement. An outcome the
 * database does not take because it is away is kept here and retried until it does: an email the
 * server accepted is never sent again for that.
 */
export function startEmailSender(options: {
  db: NotifierDatabase;
  mailer: Mailer;
  log: Logger;
  intervalMs: number;
  concurrency: number;
  retry: RetryPolicy;
  /** The domain of the system's Message-IDs, named in every email's X-Helpdesk-Loop. */
  loopDomain: string;
}): Job {
  const { db, mailer, log } = options;
  const leaseMs = mailer.longestSendMs + leaseMarginMs;
  const sending = new Set<Promise<void>>();
  /** Outcomes not yet recorded, by email id: those that ended since the last look, and those the database did not take. */
  const outcomes = new Map<string, AttemptOutcome>();
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Set when a send ends or the job stops while the loop is busy, so that its next pause is skipped.
  let woken = false;
  let databaseAway = false;

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

  /** Records every outcome waiting, in one statement; false while the database is away (they are kept). */
  const recordOutcomes = async () => {
    const recording = [...outcomes.values()];
    try {
      await recordAttempts(db.plannedOncePool, recording);
      databaseAway = false;
    } catch (err) {
      if (isInfrastructureError(err)) {
        if (!databaseAway) log.warn({ err, emails: recording.length }, 'database away: the outcomes of sends are kept until it answers');
        databaseAway = true;
        return false;
      }
      // A bug, not an outage: retrying would not help. The claims lapse and the emails go again, same Message-ID.
      log.error({ err, emailIds: recording.map((outcome) => outcome.email.id) }, 'could not record the outcome of sends');
    }
    for (const outcome of recording) outcomes.delete(outcome.email.id);
    return true;
  };

  // Emails are queued by the notifier's own statements: look at once after each commit instead of at the next interval.
  db.afterCommit(() => wakeUp());

  const send = (email: ClaimedEmail) => {
    const sent = sendEmail(mailer, email, options.retry, options.loopDomain)
      .then((outcome) =>
        void outcomes.set(email.id, outcome.sent ? { email, response: outcome.response } : { email, error: outcome.error, retryInMs: outcome.retryInMs, response: outcome.response }),
      )
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
      // Claim nothing while outcomes wait: they come first, and if the database is away, nothing else goes.
      if (outcomes.size > 0) {
        if (!(await recordOutcomes())) {
          await pause(recordDelayMs);
          recordDelayMs = Math.min(recordRetry.maxMs, recordDelayMs * 2);
          continue;
        }
        recordDelayMs = recordRetry.firstMs;
      }
      const free = options.concurrency - sending.size;
      if (free > 0) {
        try {
          const claimed = await claimDueEmails(db.plannedOncePool, { limit: free, maxAttempts: options.retry.maxAttempts, leaseMs });
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
      if (outcomes.size > 0 && !(await recordOutcomes())) {
        log.error({ emailIds: [...outcomes.keys()] }, 'stopping with outcomes the database did not take: these emails go again, with the same Message-ID');
      }
      mailer.close();
    },
  };
}
