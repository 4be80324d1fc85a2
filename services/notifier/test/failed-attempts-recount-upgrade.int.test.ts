import { ensureDatabase, migrate } from '@helpdesk/db';
import { serviceMigrations } from '@helpdesk/runtime';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { notifierService } from '../src/service';

/** Queues one email that has failed `attempts` times; sent when `sent`. An INSERT fires no trigger of 0013. */
async function insertEmail(url: string, attempts: number, sent: boolean): Promise<string> {
  const [row] = await queryDatabase<{ id: string }>(
    url,
    `INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, caused_by_event, message_id, attempts, sent_at)
     VALUES (gen_random_uuid(), 'ticket_acknowledgement', 'requester@customer.example', 'Printer', 'Received.', gen_random_uuid(),
             '<' || gen_random_uuid() || '@helpdesk.test>', $1, CASE WHEN $2::boolean THEN now() END)
     RETURNING id`,
    [attempts, sent],
  );
  return row!.id;
}

const settled = async (url: string) => Number((await queryDatabase<{ settled: string }>(url, 'SELECT settled::text FROM outgoing_email_failed_attempts'))[0]!.settled);

/**
 * 0013 counted the settled failed attempts before its trigger existed, without a lock: an email sent after
 * failures in between was counted by neither. 0014 counts again under a lock and keeps the larger count.
 */
describe('upgrading the count of settled failed attempts', () => {
  const urls: string[] = [];
  afterAll(() => dropTestDatabases(urls));

  /** A notifier database migrated up to 0013, and the migration that follows it. */
  async function at0013(name: string) {
    const url = newTestDatabaseUrl(name);
    urls.push(url);
    await ensureDatabase(url);
    const all = serviceMigrations(notifierService);
    const recount = all.findIndex((m) => m.name === 'notifier/0014_failed_attempts_recount');
    expect(recount).toBeGreaterThan(0);
    await migrate(url, all.slice(0, recount));
    return { url, upgrade: () => migrate(url, all.slice(0, recount + 1)) };
  }

  it('counts an email that was sent after failures between 0013\'s count and its trigger', async () => {
    const { url, upgrade } = await at0013('notifier-recount-missed');
    // Sent with the trigger in place: counted (2 attempts, 1 failed).
    const counted = await insertEmail(url, 2, false);
    await queryDatabase(url, 'UPDATE outgoing_emails SET sent_at = now() WHERE id = $1', [counted]);
    // Sent while 0013 ran, between its count and its trigger: the counter never saw it (3 attempts, 2 failed).
    await insertEmail(url, 3, true);
    expect(await settled(url)).toBe(1);

    await upgrade();
    expect(await settled(url)).toBe(3);
    // The trigger keeps counting from there.
    const later = await insertEmail(url, 4, false);
    await queryDatabase(url, 'UPDATE outgoing_emails SET sent_at = now() WHERE id = $1', [later]);
    expect(await settled(url)).toBe(6);
  });

  it('keeps what only the counter knows: the failed attempts of an email an administrator retried from 0', async () => {
    const { url, upgrade } = await at0013('notifier-recount-retried');
    const retried = await insertEmail(url, 5, false);
    await queryDatabase(url, 'UPDATE outgoing_emails SET attempts = 0 WHERE id = $1', [retried]);
    const sent = await insertEmail(url, 2, false);
    await queryDatabase(url, 'UPDATE outgoing_emails SET sent_at = now() WHERE id = $1', [sent]);
    expect(await settled(url)).toBe(6);

    await upgrade();
    expect(await settled(url)).toBe(6);
  });
});
