import type { SqlExecutor } from '@helpdesk/db';
import type { AnnouncedContent, AnnouncedEmail } from '../domain/process-email.js';

/**
 * Announcing again the emails the tickets service has not filed (review finding on issue 11): their
 * event was lost (a queue purged, a consumer that dead-lettered it), or tickets refuses them for good.
 */

/** An email whose next announcement is due, with all its announcement says (from its record). */
export interface DueAnnouncement {
  /** mailbox null: the email's account was deleted since. */
  email: Omit<AnnouncedEmail, 'mailbox'> & { mailbox: string | null };
  content: AnnouncedContent;
  /** Announcements made so far (since processing or the last retry). */
  announcements: number;
  lastAnnouncedAt: Date | null;
}

interface DueRow {
  id: string;
  emailAccountId: string;
  mailbox: string | null;
  defaultTeamId: string | null;
  defaultPriority: string;
  receivedAt: Date;
  announcements: number;
  lastAnnouncedAt: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  fromName: string | null;
  to: AnnouncedContent['to'] | null;
  cc: AnnouncedContent['cc'] | null;
  subject: string | null;
  sentAt: Date | null;
  text: string | null;
  html: string | null;
  automaticHeader: string | null;
  automaticValue: string | null;
  attachments: AnnouncedContent['attachments'];
}

/**
 * Locks, for the caller's transaction, up to `limit` emails still `announced` whose wait since their
 * last announcement is over: `afterMs` after the first, doubling after each further one. Rows another
 * instance holds are skipped (SKIP LOCKED), so each is announced again once, whichever instance looks.
 * `emailId` narrows it to one email (an admin's retry).
 */
export async function lockDueAnnouncements(tx: SqlExecutor, options: { afterMs: number; limit: number; emailId?: string }): Promise<DueAnnouncement[]> {
  const rows = await tx.$queryRawUnsafe<DueRow[]>(
    `SELECT e.id, e.email_account_id AS "emailAccountId", a.address AS mailbox, a.default_team_id AS "defaultTeamId",
            COALESCE(a.default_priority, 'normal') AS "defaultPriority", e.received_at AS "receivedAt", e.announcements,
            e.last_announced_at AS "lastAnnouncedAt", e.message_id AS "messageId", e.in_reply_to AS "inReplyTo", e."references",
            e.from_address AS "fromAddress", e.from_name AS "fromName", e.to_addresses AS "to", e.cc_addresses AS "cc", e.subject,
            e.sent_at AS "sentAt", e.text_body AS text, e.html_body AS html, e.automatic_header AS "automaticHeader",
            e.automatic_value AS "automaticValue",
            COALESCE((SELECT json_agg(json_build_object('id', x.id, 'filename', x.filename, 'contentType', x.content_type, 'size', x.size,
                        'inline', x.inline, 'contentId', x.content_id) ORDER BY x.position)
                      FROM inbound_attachments x WHERE x.email_id = e.id), '[]'::json) AS attachments
     FROM inbound_emails e LEFT JOIN email_accounts a ON a.id = e.email_account_id
     WHERE e.state = 'announced' AND ($3::uuid IS NULL OR e.id = $3::uuid)
       AND COALESCE(e.last_announced_at, '-infinity') <= now() - $1::float8 * power(2, greatest(e.announcements, 1) - 1) * interval '1 millisecond'
     ORDER BY e.last_announced_at NULLS FIRST, e.id
     LIMIT $2::int
     FOR UPDATE OF e SKIP LOCKED`,
    options.afterMs,
    options.limit,
    options.emailId ?? null,
  );
  return rows.map((row) => ({
    email: {
      id: row.id,
      emailAccountId: row.emailAccountId,
      mailbox: row.mailbox,
      receivedAt: row.receivedAt,
      defaultTeamId: row.defaultTeamId,
      defaultPriority: row.defaultPriority,
    },
    content: {
      messageId: row.messageId,
      inReplyTo: row.inReplyTo,
      references: row.references,
      from: { address: row.fromAddress, name: row.fromName },
      to: row.to ?? [],
      cc: row.cc ?? [],
      subject: row.subject ?? '',
      date: row.sentAt?.toISOString() ?? null,
      text: row.text ?? '',
      html: row.html,
      attachments: row.attachments,
      automatic: row.automaticHeader === null ? null : { header: row.automaticHeader, value: row.automaticValue ?? '' },
    },
    announcements: row.announcements,
    lastAnnouncedAt: row.lastAnnouncedAt,
  }));
}

/**
 * Writes what became of locked due emails, in the caller's transaction: those announced again count
 * one more announcement from now (their events go to the outbox beside it); those given up take the
 * final state `unfiled` with the reason for the administrator.
 */
export async function recordAnnouncements(tx: SqlExecutor, outcome: { announcedAgain: string[]; unfiled: Array<{ id: string; detail: string }> }): Promise<void> {
  await tx.$executeRawUnsafe(
    `WITH again AS (
       UPDATE inbound_emails SET announcements = announcements + 1, last_announced_at = now(), updated_at = now()
       WHERE id = ANY($1::uuid[]) AND state = 'announced'
     )
     UPDATE inbound_emails e SET state = 'unfiled', outcome = 'unfiled', outcome_detail = u.detail, updated_at = now()
     FROM unnest($2::uuid[], $3::text[]) AS u(id, detail) WHERE e.id = u.id AND e.state = 'announced'`,
    outcome.announcedAgain,
    outcome.unfiled.map((u) => u.id),
    outcome.unfiled.map((u) => u.detail),
  );
}

/**
 * An admin's retry of an unfiled email: `announced` again with no announcement counted and the next
 * one due at once (the caller announces it in the same transaction). False when it is not unfiled.
 */
export async function reopenUnfiled(tx: SqlExecutor, id: string): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE inbound_emails SET state = 'announced', outcome = NULL, outcome_detail = NULL, announcements = 0, last_announced_at = NULL,
            announced_since = now(), updated_at = now()
     WHERE id = $1::uuid AND state = 'unfiled' RETURNING id`,
    id,
  );
  return rows.length === 1;
}
