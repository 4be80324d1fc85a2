import { purgeProcessedEvents } from '@helpdesk/idempotent-consumer';
import type { SqlExecutor } from '@helpdesk/db';
import type { Logger } from '@helpdesk/logging';
import { purgePublishedOutbox } from '@helpdesk/outbox';
import type { Job } from './run-service.js';

export interface RetentionSettings {
  outboxHours: number;
  processedEventsHours: number;
  intervalMs: number;
  /** Rows per delete statement: short statements, so no lock or transaction is held for long. */
  batchSize?: number;
}

/** A service's own table that keeps rows only for a while (the gateway's sign-in throttles), purged beside the plumbing's. */
export interface Purge {
  /** What the rows are, for the log line. */
  what: string;
  /** Deletes up to `batchSize` rows that are past keeping; returns how many it deleted. */
  purge(batchSize: number): Promise<number>;
}

/** Deletes with `purge` a batch at a time until a batch comes back short: it keeps pace with any write rate. */
export async function purgeUntilDone(purge: (batchSize: number) => Promise<number>, batchSize: number, stopped: () => boolean = () => false): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await purge(batchSize);
    total += deleted;
    if (deleted < batchSize || stopped()) return total;
  }
}

/**
 * Every interval, deletes published outbox rows, old processed-event records and whatever the
 * service's own `purges` say is past keeping, so no such table grows for ever.
 */
export function startRetention(db: { client: SqlExecutor }, settings: RetentionSettings, log: Logger, purges: Purge[] = []): Job {
  const batchSize = settings.batchSize ?? 5_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      const outbox = await purgeUntilDone((n) => purgePublishedOutbox(db.client, settings.outboxHours, n), batchSize, () => stopped);
      const processed = await purgeUntilDone((n) => purgeProcessedEvents(db.client, settings.processedEventsHours, n), batchSize, () => stopped);
      if (outbox + processed > 0) log.info({ outbox, processed }, 'old outbox rows and processed-event records deleted');
      for (const { what, purge } of purges) {
        const deleted = await purgeUntilDone(purge, batchSize, () => stopped);
        if (deleted > 0) log.info({ deleted, what }, `old ${what} deleted`);
      }
    } catch (err) {
      log.warn({ err }, 'retention pass failed; it runs again at the next interval');
    }
  };
  const runOnce = () =>
    (running ??= pass().finally(() => {
      running = undefined;
    }));
  const timer = setInterval(() => void runOnce(), settings.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
