import type { Logger } from '@helpdesk/logging';
import type { Job } from '@helpdesk/runtime';
import { announceDueAgain, type AnnounceAgainSettings } from '../domain/announce-again.js';
import type { MailIngestDatabase } from '../persistence/client.js';

/** Emails one pass takes at a time (each event is built and its row locked in one transaction): a pass repeats until a batch comes back short. */
const batch = 20;

/**
 * Announces again the emails the tickets service has not filed in time, and gives up on those that
 * had all their announcements (README, "Processing": Filing). Runs on every instance: the rows are
 * shared out with SKIP LOCKED. It looks every half of MAIL_REANNOUNCE_AFTER_MS, at most every minute.
 */
export function startAnnounceAgain(options: { db: MailIngestDatabase; log: Logger; settings: AnnounceAgainSettings }): Job {
  const { db, log, settings } = options;
  const intervalMs = Math.min(Math.ceil(settings.afterMs / 2), 60_000);
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let resume: (() => void) | undefined;

  async function pass(): Promise<void> {
    for (;;) {
      const { announced, unfiled } = await announceDueAgain(db, settings, batch);
      if (announced.length > 0) log.warn({ emailIds: announced }, 'inbound emails not filed in time: announced again');
      if (unfiled.length > 0) log.error({ unfiled }, 'inbound emails never filed: given up as unfiled (an admin may retry them)');
      if (announced.length + unfiled.length < batch || !running) return;
    }
  }

  const loop = (async () => {
    while (running) {
      try {
        await pass();
      } catch (err) {
        log.warn({ err }, 'could not announce the emails not filed again; trying at the next look');
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        resume = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  })();

  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      resume?.();
      await loop;
    },
  };
}
