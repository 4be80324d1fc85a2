import type { Job } from '@helpdesk/runtime';
import type { Logger } from '@helpdesk/logging';
import type { Mailer } from '../mail/mailer.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { sendNextEmail, type RetryPolicy } from '../domain/send-next-email.js';

/** Drains the queue of outgoing email, then waits `intervalMs` before looking again. */
export function startEmailSender(options: {
  db: NotifierDatabase;
  mailer: Mailer;
  log: Logger;
  intervalMs: number;
  retry: RetryPolicy;
}): Job {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    while (running) {
      let sent = false;
      try {
        sent = await sendNextEmail(options.db, options.mailer, options.retry);
      } catch (err) {
        options.log.warn({ err }, 'email sender pass failed; retrying');
      }
      if (!sent && running) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, options.intervalMs);
        });
      }
    }
  })();

  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      wake?.();
      await loop;
      options.mailer.close();
    },
  };
}
