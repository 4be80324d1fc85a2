import type { SqlExecutor } from '@helpdesk/db';
import { ConflictError } from '@helpdesk/errors';
import { addAllToOutbox } from '@helpdesk/outbox';
import type { MailIngestDatabase } from '../persistence/client.js';
import { lockDueAnnouncements, recordAnnouncements, reopenUnfiled } from '../persistence/announcement.repository.js';
import { announcementOf, receivedEvent } from './process-email.js';

/** When an email not filed is announced again, and how often before it is given up as `unfiled`. */
export interface AnnounceAgainSettings {
  /** The wait after the first announcement; it doubles after each further one (MAIL_REANNOUNCE_AFTER_MS). */
  afterMs: number;
  /** Announcements in all, the processor's first included (MAIL_ANNOUNCE_ATTEMPTS). */
  attempts: number;
}

/** Emails announced again, and those given up as unfiled (with the reason), by one pass. */
export interface AnnounceAgainResult {
  announced: string[];
  unfiled: Array<{ id: string; detail: string }>;
}

/** The emails due that this transaction locked: each announced again (a fresh inbound_email.received, same data) or given up. */
async function announceDueIn(tx: SqlExecutor, settings: AnnounceAgainSettings, options: { limit: number; emailId?: string }): Promise<AnnounceAgainResult> {
  const due = await lockDueAnnouncements(tx, { afterMs: settings.afterMs, ...options });
  if (due.length === 0) return { announced: [], unfiled: [] };
  const unfiled: Array<{ id: string; detail: string }> = [];
  const events = [];
  for (const { email, content, announcements, lastAnnouncedAt } of due) {
    if (email.mailbox === null) {
      unfiled.push({ id: email.id, detail: 'Not filed, and its email account was deleted since: it is not announced again (read its raw source).' });
    } else if (announcements >= settings.attempts) {
      const last = lastAnnouncedAt ? ` (the last at ${lastAnnouncedAt.toISOString()})` : '';
      unfiled.push({
        id: email.id,
        detail: `Not filed after ${announcements} announcements${last}: the tickets service never answered. Retry it once the tickets service files mail again.`,
      });
    } else {
      // One record that cannot make a valid event must not roll back the batch on every pass: it is given up alone.
      try {
        events.push(receivedEvent(announcementOf({ ...email, mailbox: email.mailbox }, content)));
      } catch (error) {
        unfiled.push({ id: email.id, detail: `Not announced again: its record makes no valid inbound_email.received (${(error as Error).message})`.slice(0, 1000) });
      }
    }
  }
  const announced = events.map((event) => event.data.emailId);
  await recordAnnouncements(tx, { announcedAgain: announced, unfiled });
  await addAllToOutbox(tx, events);
  return { announced, unfiled };
}

/**
 * One pass over the emails still `announced` whose wait is over (review finding on issue 11): each is
 * announced again, or given up as `unfiled` after `attempts` announcements. One transaction, rows
 * locked with SKIP LOCKED: any number of instances may run it, and each email is announced once.
 */
export function announceDueAgain(db: MailIngestDatabase, settings: AnnounceAgainSettings, limit: number): Promise<AnnounceAgainResult> {
  return db.transaction((tx) => announceDueIn(tx, settings, { limit }));
}

/**
 * An admin's retry of an unfiled email: its announcements counted from zero again, and the first of
 * them written now, in the same transaction. False when the email is not unfiled. An email that cannot
 * be announced (its account deleted, its record no valid event) is a 409 saying why, and stays unfiled.
 */
export function retryUnfiled(db: MailIngestDatabase, settings: AnnounceAgainSettings, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await reopenUnfiled(tx, id))) return false;
    const { unfiled } = await announceDueIn(tx, settings, { limit: 1, emailId: id });
    // Thrown: the transaction rolls back, so the email keeps its state and reason.
    if (unfiled.length > 0) throw new ConflictError(`Inbound email ${id} cannot be retried. ${unfiled[0]!.detail}`);
    return true;
  });
}
