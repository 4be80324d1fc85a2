import { oncePerScrape, scrapedGauge } from '@helpdesk/runtime';
import type { Registry } from '@helpdesk/http';
import type { NotifierDatabase } from '../persistence/client.js';
import { emailQueueState, type EmailQueueState } from '../persistence/outgoing-email.repository.js';

/**
 * The outgoing mail as Prometheus and /health/ready see it: how much waits and for how long, how
 * many were given up after the last attempt, how many attempts failed. One query per scrape.
 */
export function observeEmailQueue(registry: Registry, db: NotifierDatabase, maxAttempts: number) {
  const read = oncePerScrape(() => emailQueueState(db.client, maxAttempts));
  const gauge = (name: string, help: string, pick: (state: EmailQueueState) => number) =>
    scrapedGauge(registry, name, help, async (set) => set(pick(await read())));
  gauge('email_queue_waiting', 'Emails queued and not yet sent', (state) => state.queued);
  gauge('email_queue_oldest_waiting_age_seconds', 'Age of the oldest email waiting to be sent', (state) => state.oldestQueuedSeconds);
  gauge('email_given_up', 'Emails left for an operator after their last failed attempt', (state) => state.givenUp);
  gauge('email_failed_attempts', 'Send attempts that failed, over the emails kept in the log', (state) => state.failedAttempts);
  return { health: async () => ({ emailQueue: await read() }) };
}
