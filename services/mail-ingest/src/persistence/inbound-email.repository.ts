import { createHash, randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@helpdesk/db';

/**
 * The processing records of inbound email (issue 11 §3, §4), through `pg`: every email passes here.
 * States: received (stored, waiting for the processor) → announced (parsed, sent to tickets) → filed
 * (tickets answered); or a final state straight away: bounce, own-mail, quarantined (and duplicate,
 * which the fetcher writes).
 */

/** An email the processor claimed, with what its event needs of its account. */
export interface ClaimedEmail {
  id: string;
  emailAccountId: string;
  mailbox: string;
  defaultTeamId: string | null;
  defaultPriority: string;
  /** Null when the email is larger than the cap (it is not read at all) or its source is gone. */
  raw: Buffer | null;
  size: number;
  /** This claim's number: only it may record the result. It only ever increases, retries included. */
  attempts: number;
  /** The claims since an admin last retried the email (all of them when never retried): what PROCESSOR_MAX_ATTEMPTS limits. */
  attemptsSinceRequeue: number;
  receivedAt: Date;
}

/**
 * Claims up to `limit` stored emails, oldest first, for `leaseMs`: rows another instance is claiming
 * at this moment are skipped (SKIP LOCKED), rows whose claim lapsed are taken again. The raw source
 * of an email over `maxBytes` is not even read.
 */
export async function claimReceived(sql: SqlExecutor, options: { limit: number; leaseMs: number; maxBytes: number }): Promise<ClaimedEmail[]> {
  return sql.$queryRawUnsafe<ClaimedEmail[]>(
    `WITH claimed AS (
       UPDATE inbound_emails SET claimed_until = now() + $2::int * interval '1 millisecond', attempts = attempts + 1, updated_at = now()
       WHERE id IN (
         SELECT id FROM inbound_emails
         WHERE state = 'received' AND (claimed_until IS NULL OR claimed_until <= now())
         ORDER BY received_at, id LIMIT $1::int FOR UPDATE SKIP LOCKED)
       RETURNING id, email_account_id, CASE WHEN size <= $3::int THEN raw END AS raw, size, attempts, attempts - attempts_at_requeue AS since_requeue, received_at)
     SELECT c.id, c.email_account_id AS "emailAccountId", a.address AS mailbox, a.default_team_id AS "defaultTeamId",
            a.default_priority AS "defaultPriority", c.raw, c.size, c.attempts,
            c.since_requeue AS "attemptsSinceRequeue", c.received_at AS "receivedAt"
     FROM claimed c JOIN email_accounts a ON a.id = c.email_account_id
     ORDER BY c.received_at, c.id`,
    options.limit,
    options.leaseMs,
    options.maxBytes,
  );
}

/** What the processor found, written over the record in one go. */
export interface ProcessingResult {
  state: 'announced' | 'bounce' | 'own-mail' | 'quarantined';
  outcome: 'bounce' | 'own-mail' | 'quarantined' | null;
  detail: string | null;
  quarantineReason: string | null;
  parsed: {
    from: { address: string; name: string | null } | null;
    to: unknown[];
    cc: unknown[];
    subject: string;
    date: string | null;
    inReplyTo: string | null;
    references: string[];
    text: string;
    html: string | null;
    automatic: { header: string; value: string } | null;
  } | null;
  bounce: { againstMessageId: string | null; recipient: string | null; action: string | null; status: string | null; diagnostic: string | null } | null;
  attachments: Array<{ id: string; position: number; filename: string; contentType: string; size: number; inline: boolean; contentId: string | null; sha256: Buffer; content: Buffer }>;
}

/** PostgreSQL text cannot hold NUL characters, which damaged mail may decode to. */
function pgText<T extends string | null>(value: T): T {
  return (typeof value === 'string' ? value.replace(/\u0000/g, '') : value) as T;
}

/**
 * Writes the result of a claim and its attachments in the caller's transaction. False when the claim
 * is no longer this processor's (it lapsed and another took the email, or the email was processed):
 * the caller then rolls back.
 */
export async function recordProcessing(tx: SqlExecutor, email: { id: string; attempts: number }, result: ProcessingResult): Promise<boolean> {
  const p = result.parsed;
  const b = result.bounce;
  const json = (value: unknown) => pgText(JSON.stringify(value));
  const updated = await tx.$executeRawUnsafe(
    `UPDATE inbound_emails SET
       state = $3, outcome = $4, outcome_detail = $5, quarantine_reason = $6, processed_at = now(), claimed_until = NULL, updated_at = now(),
       from_address = $7, from_name = $8, to_addresses = $9::jsonb, cc_addresses = $10::jsonb, subject = $11, sent_at = $12::timestamptz,
       in_reply_to = $13, "references" = $14::text[], text_body = $15, html_body = $16, automatic_header = $17, automatic_value = $18,
       bounce_against = $19, bounce_recipient = $20, bounce_action = $21, bounce_status = $22, bounce_diagnostic = $23
     WHERE id = $1::uuid AND state = 'received' AND attempts = $2::int`,
    email.id,
    email.attempts,
    result.state,
    result.outcome,
    pgText(result.detail),
    result.quarantineReason,
    p?.from ? pgText(p.from.address) : null,
    p?.from ? pgText(p.from.name) : null,
    p ? json(p.to) : null,
    p ? json(p.cc) : null,
    p ? pgText(p.subject) : null,
    p?.date ?? null,
    p ? pgText(p.inReplyTo) : null,
    p ? p.references.map((id) => pgText(id)) : [],
    p ? pgText(p.text) : null,
    p ? pgText(p.html) : null,
    p?.automatic?.header ?? null,
    p?.automatic ? pgText(p.automatic.value) : null,
    b ? pgText(b.againstMessageId) : null,
    b ? pgText(b.recipient) : null,
    b ? pgText(b.action) : null,
    b ? pgText(b.status) : null,
    b ? pgText(b.diagnostic) : null,
  );
  if (updated !== 1) return false;
  for (const a of result.attachments) {
    await tx.$executeRawUnsafe(
      `INSERT INTO inbound_attachments (id, email_id, position, filename, content_type, size, inline, content_id, sha256, content)
       VALUES ($1::uuid, $2::uuid, $3::int, $4, $5, $6::int, $7, $8, $9, $10)`,
      a.id,
      email.id,
      a.position,
      pgText(a.filename),
      pgText(a.contentType),
      a.size,
      a.inline,
      pgText(a.contentId),
      a.sha256,
      a.content,
    );
  }
  return true;
}

/** The filing of an announced email by the tickets service (inbound_email.filed). */
export interface Filing {
  emailId: string;
  emailAccountId: string;
  outcome: string;
  detail: string;
  ticketId: string | null;
  number: number | null;
  rule: string | null;
  reopened: boolean;
  linkedTicketId: string | null;
  noteId: string | null;
}

/** Writes what tickets made of an email into its record; a repeat writes the same again. True when the record was there. */
export async function recordFiling(tx: SqlExecutor, filing: Filing): Promise<boolean> {
  const updated = await tx.$executeRawUnsafe(
    `UPDATE inbound_emails SET state = 'filed', outcome = $3, outcome_detail = $4, ticket_id = $5::uuid, ticket_number = $6::int, rule = $7,
       reopened = $8, linked_ticket_id = $9::uuid, note_id = $10::uuid, filed_at = COALESCE(filed_at, now()), updated_at = now()
     WHERE id = $1::uuid AND email_account_id = $2::uuid AND state IN ('announced', 'filed')`,
    filing.emailId,
    filing.emailAccountId,
    filing.outcome,
    pgText(filing.detail),
    filing.ticketId,
    filing.number,
    filing.rule,
    filing.reopened,
    filing.linkedTicketId,
    filing.noteId,
  );
  return updated === 1;
}

/**
 * Stores an email as received, raw, for the processor (tests and tools; the fetcher stores what it
 * fetches with its progress in its own statement). The dedup key is the Message-ID, else a hash of the source.
 */
export async function storeReceived(sql: SqlExecutor, email: { emailAccountId: string; raw: Buffer; messageId?: string | null; dedupKey?: string }): Promise<string> {
  const id = randomUUID();
  const dedupKey = email.dedupKey ?? (email.messageId ? `mid:${email.messageId}` : `hash:${createHash('sha256').update(email.raw).digest('hex')}`);
  await sql.$executeRawUnsafe(
    `INSERT INTO inbound_emails (id, email_account_id, dedup_key, message_id, raw, size, state) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::int, 'received')`,
    id,
    email.emailAccountId,
    dedupKey,
    email.messageId ?? null,
    email.raw,
    email.raw.length,
  );
  return id;
}

/** One line of the list of records. */
export interface InboundEmailSummary {
  id: string;
  emailAccountId: string;
  receivedAt: Date;
  state: string;
  outcome: string | null;
  quarantineReason: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  messageId: string | null;
  size: number;
  automaticHeader: string | null;
  automaticValue: string | null;
  ticketId: string | null;
  ticketNumber: number | null;
  duplicateOf: string | null;
}

// A duplicate delivery keeps no source and is never parsed: what it says (sender, subject, bodies,
// attachments) is read from its first delivery, `p` (the email itself for every other record).
const summaryColumns = `e.id, e.email_account_id AS "emailAccountId", e.received_at AS "receivedAt", e.state, e.outcome,
  e.quarantine_reason AS "quarantineReason", p.from_address AS "fromAddress", p.from_name AS "fromName", p.subject,
  e.message_id AS "messageId", e.size, p.automatic_header AS "automaticHeader", p.automatic_value AS "automaticValue",
  e.ticket_id AS "ticketId", e.ticket_number AS "ticketNumber", e.duplicate_of AS "duplicateOf"`;
const withFirstDelivery = 'inbound_emails e JOIN inbound_emails p ON p.id = COALESCE(e.duplicate_of, e.id)';

/** Records newest first (received_at, id descending), after the keyset `after` when given; one more than `limit` says there is a next page. */
export async function listInboundEmails(
  sql: SqlExecutor,
  query: { accountId?: string; state?: string; outcome?: string; after?: { receivedAt: Date; id: string }; limit: number },
): Promise<InboundEmailSummary[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (query.accountId) where.push(`e.email_account_id = ${param(query.accountId)}::uuid`);
  if (query.state) where.push(`e.state = ${param(query.state)}`);
  if (query.outcome) where.push(`e.outcome = ${param(query.outcome)}`);
  if (query.after) where.push(`(e.received_at, e.id) < (${param(query.after.receivedAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  return sql.$queryRawUnsafe<InboundEmailSummary[]>(
    `SELECT ${summaryColumns} FROM ${withFirstDelivery} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY e.received_at DESC, e.id DESC LIMIT ${param(query.limit + 1)}::int`,
    ...values,
  );
}

export interface InboundEmailRecord extends InboundEmailSummary {
  uidValidity: string | null;
  uid: string | null;
  outcomeDetail: string | null;
  attempts: number;
  processedAt: Date | null;
  filedAt: Date | null;
  toAddresses: unknown[] | null;
  ccAddresses: unknown[] | null;
  sentAt: Date | null;
  inReplyTo: string | null;
  references: string[] | null;
  textBody: string | null;
  htmlBody: string | null;
  rule: string | null;
  reopened: boolean | null;
  linkedTicketId: string | null;
  noteId: string | null;
  bounceAgainst: string | null;
  bounceRecipient: string | null;
  bounceAction: string | null;
  bounceStatus: string | null;
  bounceDiagnostic: string | null;
  rawKept: boolean;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; inline: boolean; contentId: string | null }>;
}

export async function findInboundEmail(sql: SqlExecutor, id: string): Promise<InboundEmailRecord | undefined> {
  const rows = await sql.$queryRawUnsafe<InboundEmailRecord[]>(
    `SELECT ${summaryColumns}, e.uid_validity::text AS "uidValidity", e.uid::text AS uid, e.outcome_detail AS "outcomeDetail", e.attempts,
       e.processed_at AS "processedAt", e.filed_at AS "filedAt", p.to_addresses AS "toAddresses", p.cc_addresses AS "ccAddresses",
       p.sent_at AS "sentAt", p.in_reply_to AS "inReplyTo", p."references", p.text_body AS "textBody", p.html_body AS "htmlBody",
       e.rule, e.reopened, e.linked_ticket_id AS "linkedTicketId", e.note_id AS "noteId", e.bounce_against AS "bounceAgainst",
       e.bounce_recipient AS "bounceRecipient", e.bounce_action AS "bounceAction", e.bounce_status AS "bounceStatus",
       e.bounce_diagnostic AS "bounceDiagnostic", (e.raw IS NOT NULL OR e.duplicate_of IS NOT NULL) AS "rawKept",
       COALESCE((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
                   'inline', a.inline, 'contentId', a.content_id) ORDER BY a.position)
                 FROM inbound_attachments a WHERE a.email_id = p.id), '[]'::json) AS attachments
     FROM ${withFirstDelivery} WHERE e.id = $1::uuid`,
    id,
  );
  return rows[0];
}

/** The raw source of an email (a duplicate's is its first delivery's); undefined when there is no such email, null when its source is not kept. */
export async function readRawSource(sql: SqlExecutor, id: string): Promise<Buffer | null | undefined> {
  const rows = await sql.$queryRawUnsafe<Array<{ raw: Buffer | null }>>(
    `SELECT COALESCE(e.raw, (SELECT f.raw FROM inbound_emails f WHERE f.id = e.duplicate_of)) AS raw FROM inbound_emails e WHERE e.id = $1::uuid`,
    id,
  );
  return rows.length === 0 ? undefined : rows[0]!.raw;
}

/**
 * Puts a quarantined email back to be processed, as if just stored: its result and attachments go.
 * `attempts` is not reset: it numbers the claims and fences their writes, so a processor still holding
 * a claim from before could otherwise record over a fresh claim with the same number. The count at
 * the retry is kept instead, and PROCESSOR_MAX_ATTEMPTS counts the claims after it. 'not-quarantined'
 * when it is in another state (nothing changes).
 */
export async function requeueQuarantined(sql: SqlExecutor, id: string): Promise<'requeued' | 'not-quarantined' | 'not-found'> {
  const rows = await sql.$queryRawUnsafe<Array<{ requeued: boolean }>>(
    `WITH target AS (SELECT id, state FROM inbound_emails WHERE id = $1::uuid FOR UPDATE),
     requeued AS (
       UPDATE inbound_emails e SET state = 'received', outcome = NULL, outcome_detail = NULL, quarantine_reason = NULL, attempts_at_requeue = e.attempts,
         claimed_until = NULL, processed_at = NULL, updated_at = now()
       FROM target t WHERE e.id = t.id AND t.state = 'quarantined' RETURNING e.id),
     dropped AS (DELETE FROM inbound_attachments a USING requeued r WHERE a.email_id = r.id)
     SELECT EXISTS (SELECT 1 FROM requeued) AS requeued FROM target`,
    id,
  );
  if (rows.length === 0) return 'not-found';
  return rows[0]!.requeued ? 'requeued' : 'not-quarantined';
}

/**
 * The processor's backlog (emails stored and not yet processed), and the emails announced to the
 * tickets service and not filed yet with the age of the oldest announcement: one that stays there
 * was never filed (tickets could not file it), and `GET /api/inbound-emails?state=announced` lists them.
 */
export async function countWaiting(sql: SqlExecutor): Promise<{ waiting: number; oldestSeconds: number; announced: number; oldestAnnouncedSeconds: number }> {
  const rows = await sql.$queryRawUnsafe<Array<{ waiting: number; oldest: number; announced: number; oldestAnnounced: number }>>(
    `SELECT w.waiting, w.oldest, a.announced, a.oldest_announced AS "oldestAnnounced"
     FROM (SELECT count(*)::int AS waiting, COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::float8 AS oldest
           FROM inbound_emails WHERE state = 'received') w,
          (SELECT count(*)::int AS announced, COALESCE(EXTRACT(EPOCH FROM now() - min(processed_at)), 0)::float8 AS oldest_announced
           FROM inbound_emails WHERE state = 'announced') a`,
  );
  const row = rows[0]!;
  return { waiting: row.waiting, oldestSeconds: row.oldest, announced: row.announced, oldestAnnouncedSeconds: row.oldestAnnounced };
}

/** The bytes of an attachment or inline image, and what serving them needs. */
export async function readAttachment(sql: SqlExecutor, id: string): Promise<{ emailId: string; filename: string; contentType: string; inline: boolean; content: Buffer } | undefined> {
  const rows = await sql.$queryRawUnsafe<Array<{ emailId: string; filename: string; contentType: string; inline: boolean; content: Buffer }>>(
    `SELECT email_id AS "emailId", filename, content_type AS "contentType", inline, content FROM inbound_attachments WHERE id = $1::uuid`,
    id,
  );
  return rows[0];
}
