import { purgeProcessedEvents } from '@helpdesk/idempotent-consumer';
import type { SqlExecutor } from '@helpdesk/db';
import type { Logger } from '@helpdesk/logging';
import { purgePublishedOutbox } from '@helpdesk/outbox';
import type { Job } from './run-service.js';

export interface RetentionSettings {
  outboxHours: number;
  processedEventsHours: number;
  intervalMs: number;
}

/** Once per interval, deletes published outbox rows and old processed-event records, so neither table grows for ever. */
export function startRetention(db: { client: SqlExecutor }, settings: RetentionSettings, log: Logger): Job {
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      const outbox = await purgePublishedOutbox(db.client, settings.outboxHours);
      const processed = await purgeProcessedEvents(db.client, settings.processedEventsHours);
      if (outbox + processed > 0) log.info({ outbox, processed }, 'old outbox rows and processed-event records deleted');
    } catch (err) {
      log.warn({ err }, 'retention pass failed; it runs again at the next interval');
    }
  };
  const timer = setInterval(() => {
    running ??= pass().finally(() => {
      running = undefined;
    });
  }, settings.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
